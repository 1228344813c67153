import { expect, it } from 'vitest'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import {
  createEnvironment,
  createProject,
  createTeam,
  snapshotProjectData,
} from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

const allowed = new Set(['owner', 'admin', 'devops'])

describeEachDatabase('DELETE /project/{id}: security', (gatehouse) => {
  it('lets owner, admin and devops delete, and refuses billing and viewer with 403 (members and tokens)', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    for (const caller of (await createTeam(gatehouse(), org)).callers) {
      const project = await createProject(gatehouse(), org)
      await createEnvironment(gatehouse(), org, project.id)
      const before = await snapshotProjectData(gatehouse())
      const res = await call(gatehouse(), 'DELETE', `/project/${project.id}`, { as: caller.as })
      if (allowed.has(caller.role)) {
        expect(res.status, caller.label).toBe(204)
      } else {
        expectProblem(res, 403)
        expect(await snapshotProjectData(gatehouse()), caller.label).toEqual(before)
      }
    }
  })

  it("answers 404 for another organization's project and deletes nothing", async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const project = await createProject(gatehouse(), org)
    await createEnvironment(gatehouse(), org, project.id)
    const stranger = await signUpAndLogIn(gatehouse())
    const { callers } = await createTeam(gatehouse(), await createOrganization(gatehouse(), stranger))
    const before = await snapshotProjectData(gatehouse())
    for (const caller of callers) {
      const res = await call(gatehouse(), 'DELETE', `/project/${project.id}`, { as: caller.as })
      expectProblem(res, 404)
      expect(res.body.detail, caller.label).toBe('Project was not found.')
    }
    expect(await snapshotProjectData(gatehouse())).toEqual(before)
  })
})

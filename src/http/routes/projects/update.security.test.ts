import { expect, it } from 'vitest'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { createProject, createTeam, snapshotProjectData } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

const allowed = new Set(['owner', 'admin', 'devops'])

describeEachDatabase('PUT /project/{id}: security', (gatehouse) => {
  it('lets owner, admin and devops edit, and refuses billing and viewer with 403 (members and tokens)', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const project = await createProject(gatehouse(), org)
    for (const caller of (await createTeam(gatehouse(), org)).callers) {
      const before = await snapshotProjectData(gatehouse())
      const res = await call(gatehouse(), 'PUT', `/project/${project.id}`, {
        as: caller.as,
        body: { name: `renamed by ${caller.label}` },
      })
      if (allowed.has(caller.role)) {
        expect(res.status, caller.label).toBe(200)
        expect(res.body.name).toBe(`renamed by ${caller.label}`)
      } else {
        expectProblem(res, 403)
        expect(await snapshotProjectData(gatehouse()), caller.label).toEqual(before)
      }
    }
  })

  it("answers 404 for another organization's project and leaves it unchanged", async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const project = await createProject(gatehouse(), org, { name: 'victim' })
    const stranger = await signUpAndLogIn(gatehouse())
    const { callers } = await createTeam(gatehouse(), await createOrganization(gatehouse(), stranger))
    const before = await snapshotProjectData(gatehouse())
    for (const caller of callers) {
      const res = await call(gatehouse(), 'PUT', `/project/${project.id}`, {
        as: caller.as,
        body: { name: 'hijacked' },
      })
      expectProblem(res, 404)
      expect(res.body.detail, caller.label).toBe('Project was not found.')
    }
    expect(await snapshotProjectData(gatehouse())).toEqual(before)
  })
})

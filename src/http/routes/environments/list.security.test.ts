import { expect, it } from 'vitest'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { createEnvironment, createProject, createTeam } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

const allowed = new Set(['owner', 'admin', 'devops', 'viewer'])

describeEachDatabase('GET /project/{id}/environment: security', (gatehouse) => {
  it('lets owner, admin, devops and viewer read, and refuses billing with 403 (members and tokens)', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const project = await createProject(gatehouse(), org)
    const env = await createEnvironment(gatehouse(), org, project.id)
    for (const caller of (await createTeam(gatehouse(), org)).callers) {
      const res = await call(gatehouse(), 'GET', `/project/${project.id}/environment`, { as: caller.as })
      if (allowed.has(caller.role)) {
        expect(res.status, caller.label).toBe(200)
        expect(res.body.results.map((e: { id: string }) => e.id)).toEqual([env.id])
      } else {
        expectProblem(res, 403)
        expect(res.text).not.toContain(env.name)
      }
    }
  })

  it("answers 404 for another organization's project, revealing none of its environments", async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const project = await createProject(gatehouse(), org)
    const env = await createEnvironment(gatehouse(), org, project.id)
    const stranger = await signUpAndLogIn(gatehouse())
    const { callers } = await createTeam(gatehouse(), await createOrganization(gatehouse(), stranger))
    for (const caller of callers) {
      const res = await call(gatehouse(), 'GET', `/project/${project.id}/environment`, { as: caller.as })
      expectProblem(res, 404)
      expect(res.body.detail, caller.label).toBe('Project was not found.')
      expect(res.text).not.toContain(env.name)
    }
  })
})

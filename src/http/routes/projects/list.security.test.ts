import { expect, it } from 'vitest'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { createProject, createTeam } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

const allowed = new Set(['owner', 'admin', 'devops', 'viewer'])

describeEachDatabase('GET /organization/{id}/project: security', (gatehouse) => {
  it('lets owner, admin, devops and viewer read, and refuses billing with 403 (members and tokens)', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const project = await createProject(gatehouse(), org)
    for (const caller of (await createTeam(gatehouse(), org)).callers) {
      const res = await call(gatehouse(), 'GET', `/organization/${org.id}/project`, { as: caller.as })
      if (allowed.has(caller.role)) {
        expect(res.status, caller.label).toBe(200)
        expect(res.body.results.map((p: { id: string }) => p.id)).toEqual([project.id])
      } else {
        expectProblem(res, 403)
        expect(res.text).not.toContain(project.name)
      }
    }
  })

  it("answers 404 for another organization's projects, to a user and to a token", async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const project = await createProject(gatehouse(), org)
    const stranger = await signUpAndLogIn(gatehouse())
    const strangerOrg = await createOrganization(gatehouse(), stranger)
    const { callers } = await createTeam(gatehouse(), strangerOrg)
    for (const caller of callers) {
      const res = await call(gatehouse(), 'GET', `/organization/${org.id}/project`, { as: caller.as })
      expectProblem(res, 404)
      expect(res.text).not.toContain(project.name)
    }
  })
})

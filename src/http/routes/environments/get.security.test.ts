import { expect, it } from 'vitest'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { createEnvironment, createProject, createTeam, unknownId } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

const allowed = new Set(['owner', 'admin', 'devops', 'viewer'])

describeEachDatabase('GET /environment/{id}: security', (gatehouse) => {
  it('lets owner, admin, devops and viewer read, and refuses billing with 403 (members and tokens)', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const env = await createEnvironment(gatehouse(), org, (await createProject(gatehouse(), org)).id)
    for (const caller of (await createTeam(gatehouse(), org)).callers) {
      const res = await call(gatehouse(), 'GET', `/environment/${env.id}`, { as: caller.as })
      if (allowed.has(caller.role)) {
        expect(res.status, caller.label).toBe(200)
      } else {
        expectProblem(res, 403)
        expect(res.text).not.toContain(env.name)
      }
    }
  })

  it("answers another organization's environment exactly like an unknown id, before any 403", async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const env = await createEnvironment(gatehouse(), org, (await createProject(gatehouse(), org)).id)
    const stranger = await signUpAndLogIn(gatehouse())
    const { callers } = await createTeam(gatehouse(), await createOrganization(gatehouse(), stranger))
    for (const caller of callers) {
      const theirs = await call(gatehouse(), 'GET', `/environment/${env.id}`, { as: caller.as })
      const unknown = await call(gatehouse(), 'GET', `/environment/${unknownId}`, { as: caller.as })
      expectProblem(theirs, 404)
      expect(theirs.body, caller.label).toEqual(unknown.body)
    }
  })
})

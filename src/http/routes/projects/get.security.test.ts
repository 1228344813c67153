import { expect, it } from 'vitest'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { createProject, createTeam, unknownId } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

const allowed = new Set(['owner', 'admin', 'devops', 'viewer'])

describeEachDatabase('GET /project/{id}: security', (gatehouse) => {
  it('lets owner, admin, devops and viewer read, and refuses billing with 403 (members and tokens)', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const project = await createProject(gatehouse(), org)
    for (const caller of (await createTeam(gatehouse(), org)).callers) {
      const res = await call(gatehouse(), 'GET', `/project/${project.id}`, { as: caller.as })
      if (allowed.has(caller.role)) {
        expect(res.status, caller.label).toBe(200)
        expect(res.body.id).toBe(project.id)
      } else {
        expectProblem(res, 403)
        expect(res.text).not.toContain(project.name)
      }
    }
  })

  it("answers another organization's project exactly like an unknown id: 404, before any 403", async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const project = await createProject(gatehouse(), org)
    const stranger = await signUpAndLogIn(gatehouse())
    const strangerOrg = await createOrganization(gatehouse(), stranger)
    // Billing members and tokens of the other organization would get 403 in their own one:
    // here they must learn nothing, not even that the project exists.
    for (const caller of (await createTeam(gatehouse(), strangerOrg)).callers) {
      const theirs = await call(gatehouse(), 'GET', `/project/${project.id}`, { as: caller.as })
      const unknown = await call(gatehouse(), 'GET', `/project/${unknownId}`, { as: caller.as })
      expectProblem(theirs, 404)
      expect(theirs.body, caller.label).toEqual(unknown.body)
      expect(theirs.text).not.toContain(project.name)
    }
  })
})

import { expect, it } from 'vitest'
import {
  call,
  createApiToken,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
} from '../../../../test/support/api.ts'
import { createTeam, everyRole } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /organization/{id}/member: security', (gatehouse) => {
  it('every role may read the member list', async () => {
    const { org, users: members } = await createTeam(gatehouse())
    for (const role of everyRole) {
      const res = await call(gatehouse(), 'GET', `/organization/${org.id}/member`, { as: members[role].as })
      expect(res.status, role).toBe(200)
      expect(res.body.results, role).toHaveLength(5)
    }
  })

  it('an API token of the organization may read it, even a viewer token', async () => {
    const { org } = await createTeam(gatehouse())
    const token = await createApiToken(gatehouse(), org, 'viewer')
    const res = await call(gatehouse(), 'GET', `/organization/${org.id}/member`, { as: token.as })
    expect(res.status).toBe(200)
    expect(res.body.results).toHaveLength(5)
  })

  it("another organization's member list answers 404, to users and to tokens", async () => {
    const { org } = await createTeam(gatehouse())
    const stranger = await signUpAndLogIn(gatehouse())
    const strangerOrg = await createOrganization(gatehouse(), stranger)
    const strangerToken = await createApiToken(gatehouse(), strangerOrg, 'admin')
    for (const as of [stranger.as, strangerToken.as]) {
      const res = await call(gatehouse(), 'GET', `/organization/${org.id}/member`, { as })
      expectProblem(res, 404)
      expect(res.text).not.toContain(org.owner.email)
    }
  })
})

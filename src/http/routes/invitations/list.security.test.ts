import { expect, it } from 'vitest'
import {
  call,
  createApiToken,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
} from '../../../../test/support/api.ts'
import { createTeam, everyRole, invite } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /organization/{id}/inviteMember: security', (gatehouse) => {
  it('only owner and admin may list invitations (the matrix)', async () => {
    const { org, users: members } = await createTeam(gatehouse())
    await invite(gatehouse(), org, 'listed@example.test')
    const expected = { owner: 200, admin: 200, devops: 403, billing: 403, viewer: 403 }
    for (const role of everyRole) {
      const res = await call(gatehouse(), 'GET', `/organization/${org.id}/inviteMember`, {
        as: members[role].as,
      })
      expect(res.status, role).toBe(expected[role])
      if (res.status !== 200) expect(res.text, role).not.toContain('listed@example.test')
    }
  })

  it('an admin token may list them; a devops token may not', async () => {
    const { org } = await createTeam(gatehouse())
    await invite(gatehouse(), org, 'listed@example.test')
    const admin = await createApiToken(gatehouse(), org, 'admin')
    const devops = await createApiToken(gatehouse(), org, 'devops')
    const allowed = await call(gatehouse(), 'GET', `/organization/${org.id}/inviteMember`, { as: admin.as })
    expect(allowed.body.results).toHaveLength(1)
    expectProblem(
      await call(gatehouse(), 'GET', `/organization/${org.id}/inviteMember`, { as: devops.as }),
      403,
    )
  })

  it("another organization's invitations answer 404", async () => {
    const { org } = await createTeam(gatehouse())
    await invite(gatehouse(), org, 'private@example.test')
    const stranger = await signUpAndLogIn(gatehouse())
    const strangerOrg = await createOrganization(gatehouse(), stranger)
    const strangerToken = await createApiToken(gatehouse(), strangerOrg, 'admin')
    for (const as of [stranger.as, strangerToken.as]) {
      const res = await call(gatehouse(), 'GET', `/organization/${org.id}/inviteMember`, { as })
      expectProblem(res, 404)
      expect(res.text).not.toContain('private@example.test')
    }
  })
})

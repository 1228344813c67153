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

describeEachDatabase('GET /organization/{id}/inviteMember/{inviteId}: security', (gatehouse) => {
  it('members answer per the matrix: managers see it, others get 404', async () => {
    const { org, users: members } = await createTeam(gatehouse())
    const created = await invite(gatehouse(), org, 'secret-invitee@example.test')
    const expected = { owner: 200, admin: 200, devops: 404, billing: 404, viewer: 404 }
    for (const role of everyRole) {
      const res = await call(gatehouse(), 'GET', `/organization/${org.id}/inviteMember/${created.id}`, {
        as: members[role].as,
      })
      expect(res.status, role).toBe(expected[role])
      if (res.status !== 200) expect(res.text).not.toContain('secret-invitee')
    }
  })

  it('an admin token may read it; a devops token gets 404', async () => {
    const { org } = await createTeam(gatehouse())
    const created = await invite(gatehouse(), org, 'x@example.test')
    const admin = await createApiToken(gatehouse(), org, 'admin')
    const devops = await createApiToken(gatehouse(), org, 'devops')
    const path = `/organization/${org.id}/inviteMember/${created.id}`
    expect((await call(gatehouse(), 'GET', path, { as: admin.as })).status).toBe(200)
    expectProblem(await call(gatehouse(), 'GET', path, { as: devops.as }), 404)
  })

  it('a signed-in user with another email gets 404', async () => {
    const { org } = await createTeam(gatehouse())
    const invitee = await signUpAndLogIn(gatehouse())
    const created = await invite(gatehouse(), org, invitee.email)
    const stranger = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'GET', `/organization/${org.id}/inviteMember/${created.id}`, {
      as: stranger.as,
    })
    expectProblem(res, 404)
    expect(res.text).not.toContain(invitee.email)
  })

  it('the invitation id under another organization answers 404, even to its managers', async () => {
    const { org, users: members } = await createTeam(gatehouse())
    const invitee = await signUpAndLogIn(gatehouse())
    const created = await invite(gatehouse(), org, invitee.email)
    const own = await createOrganization(gatehouse(), members.owner)
    for (const as of [members.owner.as, invitee.as]) {
      expectProblem(
        await call(gatehouse(), 'GET', `/organization/${own.id}/inviteMember/${created.id}`, { as }),
        404,
      )
    }
  })
})

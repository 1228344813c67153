import { expect, it } from 'vitest'
import {
  call,
  createApiToken,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
} from '../../../../test/support/api.ts'
import { createTeam, everyRole, invitationRows, invite } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('DELETE /organization/{id}/inviteMember/{inviteId}: security', (gatehouse) => {
  it('only owner and admin may withdraw (the matrix)', async () => {
    const { org, users: members } = await createTeam(gatehouse())
    const expected = { owner: 204, admin: 204, devops: 403, billing: 403, viewer: 403 }
    for (const role of everyRole) {
      const created = await invite(gatehouse(), org, `for-${role}@example.test`)
      const res = await call(gatehouse(), 'DELETE', `/organization/${org.id}/inviteMember/${created.id}`, {
        as: members[role].as,
      })
      expect(res.status, role).toBe(expected[role])
    }
    const left = (await invitationRows(gatehouse(), org.id)).map((row) => row.email).sort()
    expect(left).toEqual(['for-billing@example.test', 'for-devops@example.test', 'for-viewer@example.test'])
  })

  it('an admin token may withdraw; a devops token may not', async () => {
    const { org } = await createTeam(gatehouse())
    const created = await invite(gatehouse(), org, 'x@example.test')
    const path = `/organization/${org.id}/inviteMember/${created.id}`
    const devops = await createApiToken(gatehouse(), org, 'devops')
    const admin = await createApiToken(gatehouse(), org, 'admin')
    expectProblem(await call(gatehouse(), 'DELETE', path, { as: devops.as }), 403)
    expect(await invitationRows(gatehouse(), org.id)).toHaveLength(1)
    expect((await call(gatehouse(), 'DELETE', path, { as: admin.as })).status).toBe(204)
  })

  it('the invited user cannot withdraw it themselves', async () => {
    const { org } = await createTeam(gatehouse())
    const invitee = await signUpAndLogIn(gatehouse())
    const created = await invite(gatehouse(), org, invitee.email)
    const res = await call(gatehouse(), 'DELETE', `/organization/${org.id}/inviteMember/${created.id}`, {
      as: invitee.as,
    })
    expectProblem(res, 404)
    expect(await invitationRows(gatehouse(), org.id)).toHaveLength(1)
  })

  it('ids from another organization answer 404 and withdraw nothing', async () => {
    const { org, users: members } = await createTeam(gatehouse())
    const otherOwner = await signUpAndLogIn(gatehouse())
    const other = await createOrganization(gatehouse(), otherOwner)
    const theirs = await invite(gatehouse(), other, 'theirs@example.test')
    // Their invitation id, through our organization, where we are owner.
    expectProblem(
      await call(gatehouse(), 'DELETE', `/organization/${org.id}/inviteMember/${theirs.id}`, {
        as: members.owner.as,
      }),
      404,
    )
    // Their organization directly, as our admin and as our admin token.
    const token = await createApiToken(gatehouse(), org, 'admin')
    for (const as of [members.admin.as, token.as]) {
      expectProblem(
        await call(gatehouse(), 'DELETE', `/organization/${other.id}/inviteMember/${theirs.id}`, { as }),
        404,
      )
    }
    expect(await invitationRows(gatehouse(), other.id)).toHaveLength(1)
  })
})

import { expect, it } from 'vitest'
import { call, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { auditEvents, invitationRows, invite } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('DELETE /organization/{id}/inviteMember/{inviteId}: happy', (gatehouse) => {
  it('withdraws a pending invitation: gone from the list and no longer acceptable', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const invitee = await signUpAndLogIn(gatehouse())
    const created = await invite(gatehouse(), org, invitee.email)
    const path = `/organization/${org.id}/inviteMember/${created.id}`
    const res = await call(gatehouse(), 'DELETE', path, { as: owner.as })
    expect(res.status).toBe(204)
    expect(res.text).toBe('')
    const listed = await call(gatehouse(), 'GET', `/organization/${org.id}/inviteMember`, { as: owner.as })
    expect(listed.body.results).toEqual([])
    expect(await invitationRows(gatehouse(), org.id)).toHaveLength(0)
    expect((await call(gatehouse(), 'POST', path, { as: invitee.as })).status).toBe(404)
  })

  it('records invitation.withdrawn', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const created = await invite(gatehouse(), org, 'withdrawn@example.test')
    await call(gatehouse(), 'DELETE', `/organization/${org.id}/inviteMember/${created.id}`, { as: owner.as })
    const events = await auditEvents(gatehouse(), org.id, 'invitation.withdrawn')
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      target_type: 'invitation',
      target_id: created.id,
      target_name: 'withdrawn@example.test',
      actor_id: owner.id,
    })
  })
})

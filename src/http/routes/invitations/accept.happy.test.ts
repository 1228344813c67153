import { expect, it } from 'vitest'
import { call, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { auditEvents, invitationRows, invite, roleInDatabase } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('POST /organization/{id}/inviteMember/{inviteId}: happy', (gatehouse) => {
  it('the invited user joins with the invitation role; the answer is the invitation, accepted (201, as Qovery)', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const invitee = await signUpAndLogIn(gatehouse(), 'Ines Invitee')
    const created = await invite(gatehouse(), org, invitee.email, 'devops')
    const res = await call(gatehouse(), 'POST', `/organization/${org.id}/inviteMember/${created.id}`, {
      as: invitee.as,
    })
    expect(res.status).toBe(201)
    expect(res.body).toEqual({
      ...created,
      // No longer usable, in Qovery's two statuses; accepted_at tells it from an expired one.
      invitation_status: 'EXPIRED',
      accepted_at: expect.any(String),
      organization_name: org.name,
    })
    expect(await roleInDatabase(gatehouse(), org.id, invitee.id)).toBe('devops')
    const [row] = await invitationRows(gatehouse(), org.id)
    expect(row?.status).toBe('ACCEPTED')
    expect(row?.accepted_at).toBeInstanceOf(Date)
    // The new member can now see the organization.
    const seen = await call(gatehouse(), 'GET', `/organization/${org.id}`, { as: invitee.as })
    expect(seen.status).toBe(200)
  })

  it('matches the email whatever its case', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const invitee = await signUpAndLogIn(gatehouse())
    const created = await invite(gatehouse(), org, invitee.email.toUpperCase(), 'viewer')
    const res = await call(gatehouse(), 'POST', `/organization/${org.id}/inviteMember/${created.id}`, {
      as: invitee.as,
    })
    expect(res.status).toBe(201)
  })

  it('records member.joined, with the invitee as the actor', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const invitee = await signUpAndLogIn(gatehouse(), 'Jo Joiner')
    const created = await invite(gatehouse(), org, invitee.email, 'billing')
    await call(gatehouse(), 'POST', `/organization/${org.id}/inviteMember/${created.id}`, { as: invitee.as })
    const events = await auditEvents(gatehouse(), org.id, 'member.joined')
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      target_type: 'member',
      target_id: invitee.id,
      target_name: 'Jo Joiner',
      actor_type: 'user',
      actor_id: invitee.id,
      details: { invitation_id: created.id, role_name: 'billing' },
    })
  })
})

import { afterEach, expect, it } from 'vitest'
import { call, createOrganization, signUpAndLogIn } from '../support/api.ts'
import { describeEachDatabase } from '../support/harness.ts'

const DAY_MS = 24 * 3600 * 1000

/** Invitations expire GATEHOUSE_INVITATION_TTL_DAYS (7) after they are sent. */
describeEachDatabase('invitation expiry', (gatehouse) => {
  const realNow = () => new Date()
  afterEach(() => {
    gatehouse().deps.now = realNow
  })

  it('an invitation older than its lifetime is shown EXPIRED, cannot be accepted, and the email can be invited again', async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh, 'Owner')
    const org = await createOrganization(gh, owner)
    const invitee = await signUpAndLogIn(gh, 'Invitee')
    const invited = await call(gh, 'POST', `/organization/${org.id}/inviteMember`, {
      as: owner.as,
      body: { email: invitee.email, role_id: org.roles.viewer },
    })
    expect(invited.status).toBe(201)

    // Six days later it still stands.
    gh.deps.now = () => new Date(Date.now() + 6 * DAY_MS)
    const early = await call(gh, 'GET', `/organization/${org.id}/inviteMember/${invited.body.id}`, {
      as: invitee.as,
    })
    expect(early.body.invitation_status).toBe('PENDING')

    // Eight days later it has expired.
    gh.deps.now = () => new Date(Date.now() + 8 * DAY_MS)
    const late = await call(gh, 'GET', `/organization/${org.id}/inviteMember/${invited.body.id}`, {
      as: invitee.as,
    })
    expect(late.status).toBe(200)
    expect(late.body.invitation_status).toBe('EXPIRED')
    const pending = await call(gh, 'GET', `/organization/${org.id}/inviteMember`, { as: owner.as })
    expect(pending.body.results).toEqual([])
    const accept = await call(gh, 'POST', `/organization/${org.id}/inviteMember/${invited.body.id}`, {
      as: invitee.as,
    })
    expect(accept.status).toBe(404)
    const members = await call(gh, 'GET', `/organization/${org.id}/member`, { as: owner.as })
    expect(members.body.results.map((m: { id: string }) => m.id)).not.toContain(invitee.id)

    gh.deps.now = realNow
    const again = await call(gh, 'POST', `/organization/${org.id}/inviteMember`, {
      as: owner.as,
      body: { email: invitee.email, role_id: org.roles.viewer },
    })
    expect(again.status).toBe(201)
    expect(
      (await call(gh, 'POST', `/organization/${org.id}/inviteMember/${again.body.id}`, { as: invitee.as }))
        .status,
    ).toBe(201)
  })
})

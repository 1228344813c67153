import { expect, it } from 'vitest'
import { call, createApiToken, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { invite } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /organization/{id}/inviteMember/{inviteId}: happy', (gatehouse) => {
  it('shows the invited user the invitation and the organization name', async () => {
    const owner = await signUpAndLogIn(gatehouse(), 'Olive Owner')
    const org = await createOrganization(gatehouse(), owner)
    const invitee = await signUpAndLogIn(gatehouse())
    const created = await invite(gatehouse(), org, invitee.email, 'devops')
    const res = await call(gatehouse(), 'GET', `/organization/${org.id}/inviteMember/${created.id}`, {
      as: invitee.as,
    })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ ...created, organization_name: org.name })
  })

  it('matches the email whatever its case', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const invitee = await signUpAndLogIn(gatehouse())
    const created = await invite(gatehouse(), org, invitee.email.toUpperCase())
    const res = await call(gatehouse(), 'GET', `/organization/${org.id}/inviteMember/${created.id}`, {
      as: invitee.as,
    })
    expect(res.status).toBe(200)
  })

  it('members who manage members, and admin tokens, may read it too', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const created = await invite(gatehouse(), org, 'someone@example.test')
    const token = await createApiToken(gatehouse(), org, 'admin')
    for (const as of [owner.as, token.as]) {
      const res = await call(gatehouse(), 'GET', `/organization/${org.id}/inviteMember/${created.id}`, { as })
      expect(res.status).toBe(200)
      expect(res.body.email).toBe('someone@example.test')
    }
  })

  it('shows an accepted invitation as no longer usable (EXPIRED), with when it was accepted, to the user who accepted it', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const invitee = await signUpAndLogIn(gatehouse())
    const created = await invite(gatehouse(), org, invitee.email)
    await call(gatehouse(), 'POST', `/organization/${org.id}/inviteMember/${created.id}`, { as: invitee.as })
    const res = await call(gatehouse(), 'GET', `/organization/${org.id}/inviteMember/${created.id}`, {
      as: invitee.as,
    })
    expect(res.body.invitation_status).toBe('EXPIRED')
    expect(new Date(res.body.accepted_at).getTime()).toBeGreaterThan(
      new Date(created.created_at).getTime() - 1,
    )
  })
})

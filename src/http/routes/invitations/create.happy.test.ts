import { expect, it } from 'vitest'
import { call, createApiToken, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { auditEvents, invitationRows } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('POST /organization/{id}/inviteMember: happy', (gatehouse) => {
  it('creates a pending invitation with a link to the console', async () => {
    const owner = await signUpAndLogIn(gatehouse(), 'Olive Owner')
    const org = await createOrganization(gatehouse(), owner)
    const res = await call(gatehouse(), 'POST', `/organization/${org.id}/inviteMember`, {
      as: owner.as,
      body: { email: 'new.person@example.test', role_id: org.roles.devops },
    })
    expect(res.status).toBe(201)
    expect(res.body).toEqual({
      id: expect.any(String),
      created_at: expect.any(String),
      email: 'new.person@example.test',
      role: 'DEVELOPER',
      role_id: org.roles.devops,
      role_name: 'devops',
      invitation_link: `${gatehouse().deps.config.publicUrl}/invitations/${org.id}/${res.body.id}`,
      invitation_status: 'PENDING',
      accepted_at: null,
      inviter: 'Olive Owner',
    })
    const rows = await invitationRows(gatehouse(), org.id)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ id: res.body.id, status: 'PENDING', role_id: org.roles.devops })
  })

  it('an API token invites under its own name', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), org, 'admin')
    const res = await call(gatehouse(), 'POST', `/organization/${org.id}/inviteMember`, {
      as: token.as,
      body: { email: 'bot.invited@example.test', role_id: org.roles.viewer },
    })
    expect(res.status).toBe(201)
    expect(res.body.inviter).toBe(token.name)
  })

  it('records member.invited', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const res = await call(gatehouse(), 'POST', `/organization/${org.id}/inviteMember`, {
      as: owner.as,
      body: { email: 'audited@example.test', role_id: org.roles.billing },
    })
    const events = await auditEvents(gatehouse(), org.id, 'member.invited')
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      target_type: 'invitation',
      target_id: res.body.id,
      target_name: 'audited@example.test',
      actor_id: owner.id,
      details: { email: 'audited@example.test', role_name: 'billing' },
    })
  })

  it('the same email may be invited by two organizations', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const first = await createOrganization(gatehouse(), owner)
    const second = await createOrganization(gatehouse(), owner)
    for (const org of [first, second]) {
      const res = await call(gatehouse(), 'POST', `/organization/${org.id}/inviteMember`, {
        as: owner.as,
        body: { email: 'popular@example.test', role_id: org.roles.viewer },
      })
      expect(res.status).toBe(201)
    }
  })

  it("takes Qovery's deprecated role enum when role_id is absent (a Qovery client may send only that)", async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const path = `/organization/${org.id}/inviteMember`
    const developer = await call(gatehouse(), 'POST', path, {
      as: owner.as,
      body: { email: 'dev@example.test', role: 'DEVELOPER' },
    })
    expect(developer.status).toBe(201)
    expect(developer.body).toMatchObject({
      role: 'DEVELOPER',
      role_id: org.roles.devops,
      role_name: 'devops',
    })
    // role_id decides when both are given.
    const both = await call(gatehouse(), 'POST', path, {
      as: owner.as,
      body: { email: 'both@example.test', role: 'ADMIN', role_id: org.roles.viewer },
    })
    expect(both.body).toMatchObject({ role: 'VIEWER', role_name: 'viewer' })
    const owning = await call(gatehouse(), 'POST', path, {
      as: owner.as,
      body: { email: 'owner@example.test', role: 'OWNER' },
    })
    expect(owning.status).toBe(400)
    expect(owning.body.reason).toBe('role_not_assignable')
    const neither = await call(gatehouse(), 'POST', path, { as: owner.as, body: { email: 'x@example.test' } })
    expect(neither.status).toBe(400)
    expect(neither.body.errors).toEqual([{ field: 'body.role_id', message: expect.any(String) }])
    expect((await invitationRows(gatehouse(), org.id)).map((row) => row.email).sort()).toEqual([
      'both@example.test',
      'dev@example.test',
    ])
  })
})

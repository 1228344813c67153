import { expect, it } from 'vitest'
import {
  addMember,
  call,
  createApiToken,
  createOrganization,
  signUpAndLogIn,
} from '../../../../test/support/api.ts'
import { auditEvents, roleInDatabase } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('PUT /organization/{id}/member: happy', (gatehouse) => {
  it("changes a member's role and answers with the updated member", async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const member = await addMember(gatehouse(), org, 'viewer', 'Val Member')
    const res = await call(gatehouse(), 'PUT', `/organization/${org.id}/member`, {
      as: owner.as,
      body: { user_id: member.id, role_id: org.roles.devops },
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      id: member.id,
      name: 'Val Member',
      email: member.email,
      role_id: org.roles.devops,
      role_name: 'devops',
    })
    expect(await roleInDatabase(gatehouse(), org.id, member.id)).toBe('devops')
  })

  it('the new role takes effect on the very next request', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const member = await addMember(gatehouse(), org, 'viewer')
    const before = await call(gatehouse(), 'GET', `/organization/${org.id}/apiToken`, { as: member.as })
    expect(before.status).toBe(403)
    await call(gatehouse(), 'PUT', `/organization/${org.id}/member`, {
      as: owner.as,
      body: { user_id: member.id, role_id: org.roles.devops },
    })
    const after = await call(gatehouse(), 'GET', `/organization/${org.id}/apiToken`, { as: member.as })
    expect(after.status).toBe(200)
  })

  it('records member.role_changed with from and to', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const member = await addMember(gatehouse(), org, 'billing', 'Bea Billing')
    await call(gatehouse(), 'PUT', `/organization/${org.id}/member`, {
      as: owner.as,
      body: { user_id: member.id, role_id: org.roles.admin },
    })
    const events = await auditEvents(gatehouse(), org.id, 'member.role_changed')
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      target_type: 'member',
      target_id: member.id,
      target_name: 'Bea Billing',
      actor_id: owner.id,
      details: { from: 'billing', to: 'admin' },
    })
  })

  it('an admin token may change a role, and is the recorded actor', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const member = await addMember(gatehouse(), org, 'viewer')
    const token = await createApiToken(gatehouse(), org, 'admin')
    const res = await call(gatehouse(), 'PUT', `/organization/${org.id}/member`, {
      as: token.as,
      body: { user_id: member.id, role_id: org.roles.billing },
    })
    expect(res.status).toBe(200)
    const [event] = await auditEvents(gatehouse(), org.id, 'member.role_changed')
    expect(event).toMatchObject({ actor_type: 'api_token', actor_id: token.id })
  })

  it('giving the role a member already has changes nothing and records nothing', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const member = await addMember(gatehouse(), org, 'devops')
    const res = await call(gatehouse(), 'PUT', `/organization/${org.id}/member`, {
      as: owner.as,
      body: { user_id: member.id, role_id: org.roles.devops },
    })
    expect(res.status).toBe(200)
    expect(res.body.role_name).toBe('devops')
    expect(await auditEvents(gatehouse(), org.id, 'member.role_changed')).toHaveLength(0)
  })
})

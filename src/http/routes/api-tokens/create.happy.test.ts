import { expect, it } from 'vitest'
import { call, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'
import { API_TOKEN_PATTERN } from '../../../core/token.ts'

describeEachDatabase('POST /organization/{id}/apiToken: happy', (gatehouse) => {
  it('creates a token that works at once, with the role asked for', async () => {
    const owner = await signUpAndLogIn(gatehouse(), 'Olive Owner')
    const org = await createOrganization(gatehouse(), owner)
    const created = await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken`, {
      as: owner.as,
      body: { name: 'terraform', description: 'infra pipeline', role_id: org.roles.devops },
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      name: 'terraform',
      description: 'infra pipeline',
      role_id: org.roles.devops,
      role_name: 'devops',
    })
    expect(created.body.token).toMatch(API_TOKEN_PATTERN)

    const whoami = await call(gatehouse(), 'GET', '/auth/whoami', { as: { token: created.body.token } })
    expect(whoami.status).toBe(200)
    expect(whoami.body).toEqual({
      type: 'api_token',
      api_token: {
        id: created.body.id,
        name: 'terraform',
        organization_id: org.id,
        role_id: org.roles.devops,
        role_name: 'devops',
      },
    })
  })

  it('gives the admin role when role_id is null or absent', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    for (const body of [{ name: 'a', role_id: null }, { name: 'b' }]) {
      const created = await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken`, {
        as: owner.as,
        body,
      })
      expect(created.status).toBe(201)
      expect(created.body.role_name).toBe('admin')
      expect(created.body.role_id).toBe(org.roles.admin)
    }
  })

  it('records the creation in the audit trail, in the same transaction', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const created = await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken`, {
      as: owner.as,
      body: { name: 'audited' },
      headers: { 'user-agent': 'gatehouse-cli/0.1.0' },
    })
    const events = await gatehouse()
      .deps.db.selectFrom('audit_events')
      .selectAll()
      .where('organization_id', '=', org.id)
      .where('action', '=', 'api_token.created')
      .execute()
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      target_id: created.body.id,
      target_name: 'audited',
      actor_type: 'user',
      actor_id: owner.id,
      origin: 'cli',
      user_agent: 'gatehouse-cli/0.1.0',
    })
  })
})

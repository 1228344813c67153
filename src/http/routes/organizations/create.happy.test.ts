import { expect, it } from 'vitest'
import { call, signUpAndLogIn } from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('POST /organization: happy', (gatehouse) => {
  it('creates an organization owned by the caller and answers 201 with its fields', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'POST', '/organization', {
      as: user.as,
      body: { name: 'Acme', description: 'Road runners' },
    })
    expect(res.status).toBe(201)
    expect(Object.keys(res.body).sort()).toEqual([
      'api_token_max_lifetime_days',
      'created_at',
      'description',
      'id',
      'name',
      'owner',
      'updated_at',
    ])
    expect(res.body).toMatchObject({ name: 'Acme', description: 'Road runners', owner: user.id })
    expect(new Date(res.body.created_at).toISOString()).toBe(res.body.created_at)
  })

  it('makes the caller a member with the owner role, and records it in the audit trail', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'POST', '/organization', { as: user.as, body: { name: 'Owned' } })
    const membership = await gatehouse()
      .deps.db.selectFrom('memberships')
      .innerJoin('roles', 'roles.id', 'memberships.role_id')
      .select(['roles.name'])
      .where('memberships.organization_id', '=', res.body.id)
      .execute()
    expect(membership).toEqual([{ name: 'owner' }])
    const events = await gatehouse()
      .deps.db.selectFrom('audit_events')
      .selectAll()
      .where('organization_id', '=', res.body.id)
      .execute()
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      action: 'organization.created',
      actor_id: user.id,
      target_name: 'Owned',
    })
    const list = await call(gatehouse(), 'GET', '/organization', { as: user.as })
    expect(list.body.results.map((o: { id: string }) => o.id)).toContain(res.body.id)
  })

  it('defaults the description to empty and trims the name', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'POST', '/organization', {
      as: user.as,
      body: { name: '  Spaced  ' },
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ name: 'Spaced', description: '' })
  })

  it('accepts a name of 255 characters; two organizations may share a name', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const name = 'n'.repeat(255)
    const first = await call(gatehouse(), 'POST', '/organization', { as: user.as, body: { name } })
    const second = await call(gatehouse(), 'POST', '/organization', { as: user.as, body: { name } })
    expect(first.status).toBe(201)
    expect(second.status).toBe(201)
    expect(second.body.id).not.toBe(first.body.id)
  })
})

import { expect, it } from 'vitest'
import { call } from '../../../../test/support/api.ts'
import { createTeam } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('PUT /organization/{id}: happy', (gatehouse) => {
  it('lets the owner, an admin and an admin token edit the organization', async () => {
    const team = await createTeam(gatehouse())
    const editors = team.callers.filter((c) => c.role === 'owner' || c.role === 'admin')
    expect(editors.map((c) => c.label)).toEqual(['owner user', 'admin user', 'admin token'])
    for (const [i, editor] of editors.entries()) {
      const body = { name: `Renamed ${i}`, description: `by ${editor.label}` }
      const res = await call(gatehouse(), 'PUT', `/organization/${team.org.id}`, { as: editor.as, body })
      expect(res.status, editor.label).toBe(200)
      expect(res.body).toMatchObject({ id: team.org.id, owner: team.users.owner.id, ...body })
      const read = await call(gatehouse(), 'GET', `/organization/${team.org.id}`, {
        as: team.users.viewer.as,
      })
      expect(read.body).toMatchObject(body)
    }
  })

  it('keeps the description when the body leaves it out, and moves updated_at forward', async () => {
    const team = await createTeam(gatehouse())
    const owner = team.users.owner.as
    await call(gatehouse(), 'PUT', `/organization/${team.org.id}`, {
      as: owner,
      body: { name: 'First', description: 'kept' },
    })
    const before = await call(gatehouse(), 'GET', `/organization/${team.org.id}`, { as: owner })
    await new Promise((r) => setTimeout(r, 5))
    const res = await call(gatehouse(), 'PUT', `/organization/${team.org.id}`, {
      as: owner,
      body: { name: 'Second' },
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      name: 'Second',
      description: 'kept',
      created_at: before.body.created_at,
    })
    expect(new Date(res.body.updated_at).getTime()).toBeGreaterThan(
      new Date(before.body.updated_at).getTime(),
    )
  })

  it('records the change and the previous values in the audit trail', async () => {
    const team = await createTeam(gatehouse())
    await call(gatehouse(), 'PUT', `/organization/${team.org.id}`, {
      as: team.tokens.admin.as,
      body: { name: 'Audited' },
    })
    const event = await gatehouse()
      .deps.db.selectFrom('audit_events')
      .selectAll()
      .where('organization_id', '=', team.org.id)
      .where('action', '=', 'organization.updated')
      .executeTakeFirstOrThrow()
    expect(event).toMatchObject({
      actor_type: 'api_token',
      actor_id: team.tokens.admin.id,
      target_name: 'Audited',
    })
    expect(event.details).toMatchObject({ before: { name: team.org.name } })
  })
})

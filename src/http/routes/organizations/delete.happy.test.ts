import { expect, it } from 'vitest'
import { call } from '../../../../test/support/api.ts'
import { createTeam, tokenRoles } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('DELETE /organization/{id}: happy', (gatehouse) => {
  it('lets the owner delete the organization and everything in it', async () => {
    const team = await createTeam(gatehouse())
    const res = await call(gatehouse(), 'DELETE', `/organization/${team.org.id}`, { as: team.users.owner.as })
    expect(res.status).toBe(204)
    expect(res.text).toBe('')
    expect(
      (await call(gatehouse(), 'GET', `/organization/${team.org.id}`, { as: team.users.owner.as })).status,
    ).toBe(404)
    const db = gatehouse().deps.db
    for (const table of ['roles', 'memberships', 'api_tokens'] as const) {
      const rows = await db
        .selectFrom(table)
        .select('organization_id')
        .where('organization_id', '=', team.org.id)
        .execute()
      expect(rows, table).toEqual([])
    }
    // The trail outlives the organization: it says who deleted it.
    const event = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('organization_id', '=', team.org.id)
      .where('action', '=', 'organization.deleted')
      .executeTakeFirstOrThrow()
    expect(event.actor_id).toBe(team.users.owner.id)
  })

  it("makes the organization's tokens fail on the very next request; its members stay signed in", async () => {
    const team = await createTeam(gatehouse())
    // Every token resolved once, so each sits in the authentication cache.
    for (const role of tokenRoles) {
      expect((await call(gatehouse(), 'GET', '/auth/whoami', { as: team.tokens[role].as })).status).toBe(200)
    }
    expect(
      (await call(gatehouse(), 'DELETE', `/organization/${team.org.id}`, { as: team.users.owner.as })).status,
    ).toBe(204)
    for (const role of tokenRoles) {
      expect(
        (await call(gatehouse(), 'GET', '/auth/whoami', { as: team.tokens[role].as })).status,
        role,
      ).toBe(401)
    }
    const member = await call(gatehouse(), 'GET', '/organization', { as: team.users.admin.as })
    expect(member.status).toBe(200)
    expect(member.body.results).toEqual([])
  })
})

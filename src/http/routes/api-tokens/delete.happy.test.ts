import { expect, it } from 'vitest'
import { call, createApiToken } from '../../../../test/support/api.ts'
import { createTeam } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('DELETE /organization/{id}/apiToken/{tokenId}: happy', (gatehouse) => {
  it('lets owner, admin and devops delete, as users and as tokens; the next request with the token is 401', async () => {
    const team = await createTeam(gatehouse())
    const deleters = team.callers.filter((c) => ['owner', 'admin', 'devops'].includes(c.role))
    expect(deleters).toHaveLength(5)
    for (const deleter of deleters) {
      const victim = await createApiToken(gatehouse(), team.org, 'viewer')
      // Resolved once, so the token sits in the authentication cache.
      expect((await call(gatehouse(), 'GET', '/auth/whoami', { as: victim.as })).status).toBe(200)
      const res = await call(gatehouse(), 'DELETE', `/organization/${team.org.id}/apiToken/${victim.id}`, {
        as: deleter.as,
      })
      expect(res.status, deleter.label).toBe(204)
      expect(res.text).toBe('')
      expect((await call(gatehouse(), 'GET', '/auth/whoami', { as: victim.as })).status).toBe(401)
      const list = await call(gatehouse(), 'GET', `/organization/${team.org.id}/apiToken`, {
        as: team.users.owner.as,
      })
      expect(list.body.results.map((t: { id: string }) => t.id)).not.toContain(victim.id)
    }
  })

  it('lets a token delete itself, and records the deletion in the audit trail', async () => {
    const team = await createTeam(gatehouse())
    const self = team.tokens.devops
    const res = await call(gatehouse(), 'DELETE', `/organization/${team.org.id}/apiToken/${self.id}`, {
      as: self.as,
    })
    expect(res.status).toBe(204)
    expect((await call(gatehouse(), 'GET', '/auth/whoami', { as: self.as })).status).toBe(401)
    const event = await gatehouse()
      .deps.db.selectFrom('audit_events')
      .selectAll()
      .where('organization_id', '=', team.org.id)
      .where('action', '=', 'api_token.deleted')
      .executeTakeFirstOrThrow()
    expect(event).toMatchObject({ target_id: self.id, target_name: self.name, actor_type: 'api_token' })
  })
})

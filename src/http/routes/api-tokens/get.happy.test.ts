import { expect, it } from 'vitest'
import { call, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { createTeam } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /organization/{id}/apiToken/{tokenId}: happy', (gatehouse) => {
  it('answers the token as the list shows it, with its expiry, allowed addresses and status, never its value', async () => {
    const owner = await signUpAndLogIn(gatehouse(), 'Olive Owner')
    const org = await createOrganization(gatehouse(), owner)
    const expiresAt = new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString()
    const created = await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken`, {
      as: owner.as,
      body: {
        name: 'deploy',
        description: 'ships it',
        role_id: org.roles.devops,
        expires_at: expiresAt,
        allowed_cidrs: ['10.0.0.0/8', '2001:db8::/32'],
      },
    })
    expect(created.status).toBe(201)
    const res = await call(gatehouse(), 'GET', `/organization/${org.id}/apiToken/${created.body.id}`, {
      as: owner.as,
    })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      id: created.body.id,
      created_at: created.body.created_at,
      updated_at: created.body.updated_at,
      name: 'deploy',
      description: 'ships it',
      role_id: org.roles.devops,
      role_name: 'devops',
      creator_name: 'Olive Owner',
      origin: 'manual',
      status: 'expiring_soon',
      expires_at: expiresAt,
      allowed_cidrs: ['10.0.0.0/8', '2001:db8::/32'],
      last_used_at: null,
      last_used_from: [],
      stale: false,
      rotated_at: null,
      grace_period_ends_at: null,
      leak: null,
    })
    expect(res.text).not.toContain(created.body.token)
    const listed = await call(gatehouse(), 'GET', `/organization/${org.id}/apiToken`, { as: owner.as })
    expect(listed.body.results[0]).toEqual(res.body)
  })

  it('lets owner, admin and devops read a token, as users and as tokens', async () => {
    const team = await createTeam(gatehouse())
    const tokenId = team.tokens.viewer.id
    for (const caller of team.callers.filter((c) => ['owner', 'admin', 'devops'].includes(c.role))) {
      const res = await call(gatehouse(), 'GET', `/organization/${team.org.id}/apiToken/${tokenId}`, {
        as: caller.as,
      })
      expect(res.status, caller.label).toBe(200)
      expect(res.body.id).toBe(tokenId)
    }
  })
})

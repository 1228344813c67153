import { expect, it } from 'vitest'
import { call, createApiToken, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { auditEvents } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

const DAY = 24 * 3600 * 1000

describeEachDatabase('PATCH /organization/{id}/apiToken/{tokenId}: happy', (gatehouse) => {
  it('changes only the fields given, answers the token as edited and records what changed', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), org, 'viewer')
    const path = `/organization/${org.id}/apiToken/${token.id}`
    const expiresAt = new Date(Date.now() + 30 * DAY).toISOString()
    const res = await call(gatehouse(), 'PATCH', path, {
      as: owner.as,
      body: {
        name: '  renamed ',
        role_id: org.roles.devops,
        expires_at: expiresAt,
        allowed_cidrs: ['192.0.2.0/24', '::1'],
      },
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      id: token.id,
      name: 'renamed',
      description: 'a viewer token',
      role_id: org.roles.devops,
      role_name: 'devops',
      expires_at: expiresAt,
      allowed_cidrs: ['192.0.2.0/24', '::1/128'],
      status: 'active',
    })
    expect(res.text).not.toContain(token.token)
    expect((await call(gatehouse(), 'GET', path, { as: owner.as })).body).toEqual(res.body)
    const [event] = await auditEvents(gatehouse(), org.id, 'api_token.updated')
    expect(event).toMatchObject({ target_id: token.id, target_name: 'renamed', actor_id: owner.id })
    expect(event?.details).toEqual({
      changes: {
        name: { before: token.name, after: 'renamed' },
        role: { before: 'viewer', after: 'devops' },
        expires_at: { before: null, after: expiresAt },
        allowed_cidrs: { before: [], after: ['192.0.2.0/24', '::1/128'] },
      },
    })
  })

  it('applies a role change to the very next request made with the token', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), org, 'viewer')
    const projects = `/organization/${org.id}/project`
    // Cached as a viewer first.
    expect((await call(gatehouse(), 'GET', projects, { as: token.as })).status).toBe(200)
    expect((await call(gatehouse(), 'POST', projects, { as: token.as, body: { name: 'p1' } })).status).toBe(
      403,
    )
    const path = `/organization/${org.id}/apiToken/${token.id}`
    await call(gatehouse(), 'PATCH', path, { as: owner.as, body: { role_id: org.roles.devops } })
    expect((await call(gatehouse(), 'POST', projects, { as: token.as, body: { name: 'p1' } })).status).toBe(
      201,
    )
    await call(gatehouse(), 'PATCH', path, { as: owner.as, body: { role_id: org.roles.billing } })
    expect((await call(gatehouse(), 'GET', projects, { as: token.as })).status).toBe(403)
  })

  it('applies an address change to the very next request, and lifts it again', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), org, 'viewer')
    const path = `/organization/${org.id}/apiToken/${token.id}`
    const whoami = () =>
      call(gatehouse(), 'GET', '/auth/whoami', { as: token.as, remoteAddress: '198.51.100.7' })
    expect((await whoami()).status).toBe(200)
    await call(gatehouse(), 'PATCH', path, { as: owner.as, body: { allowed_cidrs: ['203.0.113.0/24'] } })
    expect((await whoami()).status).toBe(401)
    await call(gatehouse(), 'PATCH', path, { as: owner.as, body: { allowed_cidrs: ['198.51.100.0/24'] } })
    expect((await whoami()).status).toBe(200)
    await call(gatehouse(), 'PATCH', path, { as: owner.as, body: { allowed_cidrs: [] } })
    expect((await whoami()).status).toBe(200)
  })

  it('brings an expiry forward freely and pushes it back within the limit; an edit changing nothing records nothing', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), org, 'viewer')
    const path = `/organization/${org.id}/apiToken/${token.id}`
    const in10 = new Date(Date.now() + 10 * DAY).toISOString()
    const in2 = new Date(Date.now() + 2 * DAY).toISOString()
    expect(
      (await call(gatehouse(), 'PATCH', path, { as: owner.as, body: { expires_at: in10 } })).status,
    ).toBe(200)
    await call(gatehouse(), 'PUT', `/organization/${org.id}`, {
      as: owner.as,
      body: { name: org.name, api_token_max_lifetime_days: 5 },
    })
    const earlier = await call(gatehouse(), 'PATCH', path, { as: owner.as, body: { expires_at: in2 } })
    expect(earlier.status).toBe(200)
    expect(earlier.body.status).toBe('expiring_soon')
    const before = await auditEvents(gatehouse(), org.id, 'api_token.updated')
    const same = await call(gatehouse(), 'PATCH', path, {
      as: owner.as,
      body: { expires_at: in2, description: 'a viewer token' },
    })
    expect(same.status).toBe(200)
    expect(await auditEvents(gatehouse(), org.id, 'api_token.updated')).toHaveLength(before.length)
  })

  it('lets a token edit a token of its own role or below', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const devops = await createApiToken(gatehouse(), org, 'devops')
    const viewer = await createApiToken(gatehouse(), org, 'viewer')
    const res = await call(gatehouse(), 'PATCH', `/organization/${org.id}/apiToken/${viewer.id}`, {
      as: devops.as,
      body: { description: 'tidied by a token' },
    })
    expect(res.status).toBe(200)
    const [event] = await auditEvents(gatehouse(), org.id, 'api_token.updated')
    expect(event).toMatchObject({ actor_type: 'api_token', actor_id: devops.id })
  })
})

import { expect, it } from 'vitest'
import { call, createApiToken, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { auditEvents } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase, type TestGatehouse } from '../../../../test/support/harness.ts'
import { API_TOKEN_PATTERN } from '../../../core/token.ts'

const HOUR = 3600 * 1000

/** Runs `check` with the server's clock moved `offsetMs` ahead. */
async function later<T>(gh: TestGatehouse, offsetMs: number, check: () => Promise<T>): Promise<T> {
  const realNow = gh.deps.now
  gh.deps.now = () => new Date(Date.now() + offsetMs)
  try {
    return await check()
  } finally {
    gh.deps.now = realNow
  }
}

describeEachDatabase('POST /organization/{id}/apiToken/{tokenId}/rotate: happy', (gatehouse) => {
  it('answers a new value once, same id, name and role; the old value works until the grace period ends, on the cache too', async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const org = await createOrganization(gh, owner)
    const token = await createApiToken(gh, org, 'devops')
    // Cached before the rotation.
    expect((await call(gh, 'GET', '/auth/whoami', { as: token.as })).status).toBe(200)
    const res = await call(gh, 'POST', `/organization/${org.id}/apiToken/${token.id}/rotate`, {
      as: owner.as,
      body: { grace_period_seconds: 3600 },
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ id: token.id, name: token.name, role_name: 'devops', status: 'active' })
    expect(res.body.token).toMatch(API_TOKEN_PATTERN)
    expect(res.body.token).not.toBe(token.token)
    expect(Date.parse(res.body.grace_period_ends_at) - Date.parse(res.body.rotated_at)).toBe(HOUR)
    const fresh = { token: res.body.token }
    for (const as of [fresh, token.as]) {
      const whoami = await call(gh, 'GET', '/auth/whoami', { as })
      expect(whoami.status).toBe(200)
      expect(whoami.body.api_token.id).toBe(token.id)
    }
    // One millisecond before the end, and at it.
    expect(
      (await later(gh, HOUR - 5000, () => call(gh, 'GET', '/auth/whoami', { as: token.as }))).status,
    ).toBe(200)
    expect((await later(gh, HOUR + 1, () => call(gh, 'GET', '/auth/whoami', { as: token.as }))).status).toBe(
      401,
    )
    expect((await later(gh, HOUR + 1, () => call(gh, 'GET', '/auth/whoami', { as: fresh }))).status).toBe(200)
    const [event] = await auditEvents(gh, org.id, 'api_token.rotated')
    expect(event).toMatchObject({ target_id: token.id, actor_id: owner.id })
    expect(event?.details).toMatchObject({
      grace_period_seconds: 3600,
      grace_period_ends_at: res.body.grace_period_ends_at,
    })
    expect(JSON.stringify(event)).not.toContain(res.body.token)
  })

  it('refuses the old value at once with no grace period, even where it was cached', async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const org = await createOrganization(gh, owner)
    const token = await createApiToken(gh, org, 'viewer')
    expect((await call(gh, 'GET', '/auth/whoami', { as: token.as })).status).toBe(200)
    const res = await call(gh, 'POST', `/organization/${org.id}/apiToken/${token.id}/rotate`, {
      as: owner.as,
      body: {},
    })
    expect(res.status).toBe(201)
    expect(res.body.grace_period_ends_at).toBeNull()
    expect((await call(gh, 'GET', '/auth/whoami', { as: token.as })).status).toBe(401)
    expect((await call(gh, 'GET', '/auth/whoami', { as: { token: res.body.token } })).status).toBe(200)
  })

  it('rotates again once the grace period is over', async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const org = await createOrganization(gh, owner)
    const token = await createApiToken(gh, org, 'viewer')
    const path = `/organization/${org.id}/apiToken/${token.id}/rotate`
    const first = await call(gh, 'POST', path, { as: owner.as, body: { grace_period_seconds: 60 } })
    expect(first.status).toBe(201)
    const second = await later(gh, 61_000, () => call(gh, 'POST', path, { as: owner.as, body: {} }))
    expect(second.status).toBe(201)
    for (const value of [token.token, first.body.token])
      expect((await call(gh, 'GET', '/auth/whoami', { as: { token: value } })).status).toBe(401)
    expect((await call(gh, 'GET', '/auth/whoami', { as: { token: second.body.token } })).status).toBe(200)
  })

  it('brings back an expired token with a new expiry, and a leaked one with no grace period', async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const org = await createOrganization(gh, owner)
    const expired = await createApiToken(gh, org, 'viewer')
    const leaked = await createApiToken(gh, org, 'viewer')
    await gh.deps.db
      .updateTable('api_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', expired.id)
      .execute()
    expect(
      (await call(gh, 'POST', '/apiToken/revokeLeaked', { body: [{ token: leaked.token }] })).status,
    ).toBe(200)
    const expiresAt = new Date(Date.now() + 48 * HOUR).toISOString()
    const revived = await call(gh, 'POST', `/organization/${org.id}/apiToken/${expired.id}/rotate`, {
      as: owner.as,
      body: { expires_at: expiresAt },
    })
    expect(revived.status).toBe(201)
    expect(revived.body).toMatchObject({ status: 'expiring_soon', expires_at: expiresAt })
    const cleaned = await call(gh, 'POST', `/organization/${org.id}/apiToken/${leaked.id}/rotate`, {
      as: owner.as,
      body: { grace_period_seconds: 0 },
    })
    expect(cleaned.status).toBe(201)
    expect(cleaned.body).toMatchObject({ status: 'active', leak: null })
    for (const [old, fresh] of [
      [expired.token, revived.body.token],
      [leaked.token, cleaned.body.token],
    ]) {
      expect((await call(gh, 'GET', '/auth/whoami', { as: { token: old } })).status).toBe(401)
      expect((await call(gh, 'GET', '/auth/whoami', { as: { token: fresh } })).status).toBe(200)
    }
    expect((await auditEvents(gh, org.id, 'api_token.rotated')).map((e) => e.details)).toContainEqual(
      expect.objectContaining({ was_leaked: true }),
    )
  })

  it('lets a token rotate itself, and keeps working with the old value during the grace period', async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const org = await createOrganization(gh, owner)
    const token = await createApiToken(gh, org, 'devops')
    const res = await call(gh, 'POST', `/organization/${org.id}/apiToken/${token.id}/rotate`, {
      as: token.as,
      body: { grace_period_seconds: 600 },
    })
    expect(res.status).toBe(201)
    expect((await call(gh, 'GET', `/organization/${org.id}/apiToken`, { as: token.as })).status).toBe(200)
  })
})

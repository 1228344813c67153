import { expect, it } from 'vitest'
import { generateToken } from '../../src/core/token.ts'
import { call, createApiToken, createOrganization, expectProblem, signUpAndLogIn } from '../support/api.ts'
import { auditEvents } from '../support/fixtures.ts'
import { describeEachDatabase, type TestGatehouse } from '../support/harness.ts'

const HOUR = 3600 * 1000
const DAY = 24 * HOUR

async function at<T>(gh: TestGatehouse, instant: number, check: () => Promise<T>): Promise<T> {
  const realNow = gh.deps.now
  gh.deps.now = () => new Date(instant)
  try {
    return await check()
  } finally {
    gh.deps.now = realNow
  }
}

describeEachDatabase('token expiry', (gatehouse) => {
  it('refuses a token from the instant it expires, cached or not, with the same 401 as an unknown token', async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const org = await createOrganization(gh, owner)
    const expiresAt = Date.now() + HOUR
    const created = await call(gh, 'POST', `/organization/${org.id}/apiToken`, {
      as: owner.as,
      body: { name: 'short-lived', expires_at: new Date(expiresAt).toISOString() },
    })
    expect(created.status).toBe(201)
    expect(created.body.status).toBe('expiring_soon')
    const as = { token: created.body.token }
    expect((await call(gh, 'GET', '/auth/whoami', { as })).status).toBe(200)
    // Cached now: the entry itself carries the expiry.
    expect((await at(gh, expiresAt - 1, () => call(gh, 'GET', '/auth/whoami', { as }))).status).toBe(200)
    const refused = await at(gh, expiresAt, () => call(gh, 'GET', '/auth/whoami', { as }))
    const unknown = await call(gh, 'GET', '/auth/whoami', { as: { token: generateToken('api_token') } })
    expectProblem(refused, 401)
    expect(refused.text).toBe(unknown.text)
    expect((await at(gh, expiresAt + DAY, () => call(gh, 'GET', '/auth/whoami', { as }))).status).toBe(401)
  })

  it('records api_token.expired once, when first refused or listed after its expiry', async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const org = await createOrganization(gh, owner)
    const refusedOne = await createApiToken(gh, org, 'viewer')
    const listedOne = await createApiToken(gh, org, 'viewer')
    const past = new Date(Date.now() - 1000)
    await gh.deps.db
      .updateTable('api_tokens')
      .set({ expires_at: past })
      .where('organization_id', '=', org.id)
      .execute()
    for (let i = 0; i < 3; i++)
      expect((await call(gh, 'GET', '/auth/whoami', { as: refusedOne.as })).status).toBe(401)
    let events = await auditEvents(gh, org.id, 'api_token.expired')
    expect(events.map((e) => e.target_id)).toEqual([refusedOne.id])
    expect(events[0]).toMatchObject({ actor_type: 'api_token', actor_id: refusedOne.id })
    const listed = await call(gh, 'GET', `/organization/${org.id}/apiToken?status=expired`, { as: owner.as })
    expect(listed.body.results.map((t: { id: string; status: string }) => [t.id, t.status]).sort()).toEqual(
      [
        [listedOne.id, 'expired'],
        [refusedOne.id, 'expired'],
      ].sort(),
    )
    await call(gh, 'GET', `/organization/${org.id}/apiToken`, { as: owner.as })
    events = await auditEvents(gh, org.id, 'api_token.expired')
    expect(events.map((e) => e.target_id).sort()).toEqual([listedOne.id, refusedOne.id].sort())
  })

  it('filters the list by status and by staleness', async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const org = await createOrganization(gh, owner)
    const path = `/organization/${org.id}/apiToken`
    const make = (name: string, expires?: number) =>
      call(gh, 'POST', path, {
        as: owner.as,
        body: { name, ...(expires ? { expires_at: new Date(expires).toISOString() } : {}) },
      })
    const active = await make('active')
    const soon = await make('soon', Date.now() + 2 * DAY)
    const later = await make('later', Date.now() + 30 * DAY)
    const old = await make('old')
    await gh.deps.db
      .updateTable('api_tokens')
      .set({ created_at: new Date(Date.now() - 100 * DAY) })
      .where('id', '=', old.body.id)
      .execute()
    const names = async (query: string) =>
      (await call(gh, 'GET', `${path}?${query}`, { as: owner.as })).body.results
        .map((t: { name: string }) => t.name)
        .sort()
    expect(await names('status=active')).toEqual(['active', 'later', 'old'])
    expect(await names('status=expiring_soon')).toEqual(['soon'])
    expect(await names('status=expired')).toEqual([])
    expect(await names('stale=true')).toEqual(['old'])
    expect(await names('stale=false')).toEqual(['active', 'later', 'soon'])
    const listed = (await call(gh, 'GET', path, { as: owner.as })).body.results
    expect(listed.find((t: { name: string }) => t.name === 'old').stale).toBe(true)
    expect(active.status + later.status + soon.status).toBe(603)
    expectProblem(await call(gh, 'GET', `${path}?status=gone`, { as: owner.as }), 400)
    expectProblem(await call(gh, 'GET', `${path}?stale=yes`, { as: owner.as }), 400)
  })
})

describeEachDatabase("the organization's api_token_max_lifetime_days", (gatehouse) => {
  it('is set and cleared by owner and admin in PUT /organization, and shown on the organization', async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const org = await createOrganization(gh, owner)
    const set = await call(gh, 'PUT', `/organization/${org.id}`, {
      as: owner.as,
      body: { name: org.name, api_token_max_lifetime_days: 90 },
    })
    expect(set.status).toBe(200)
    expect(set.body.api_token_max_lifetime_days).toBe(90)
    // Left out: kept.
    const renamed = await call(gh, 'PUT', `/organization/${org.id}`, {
      as: owner.as,
      body: { name: 'Renamed' },
    })
    expect(renamed.body.api_token_max_lifetime_days).toBe(90)
    const [event] = (await auditEvents(gh, org.id, 'organization.updated')).filter(
      (e) =>
        (e.details as { before: { api_token_max_lifetime_days: unknown } }).before
          .api_token_max_lifetime_days === null,
    )
    expect(event).toBeDefined()
    const cleared = await call(gh, 'PUT', `/organization/${org.id}`, {
      as: owner.as,
      body: { name: 'Renamed', api_token_max_lifetime_days: null },
    })
    expect(cleared.body.api_token_max_lifetime_days).toBeNull()
    for (const days of [0, 3651, 1.5, '30']) {
      const bad = await call(gh, 'PUT', `/organization/${org.id}`, {
        as: owner.as,
        body: { name: 'Renamed', api_token_max_lifetime_days: days },
      })
      expectProblem(bad, 400)
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain(
        'body.api_token_max_lifetime_days',
      )
    }
  })

  it('once set, refuses tokens without an expiry or beyond it, naming the limit; tokens made before are untouched', async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const org = await createOrganization(gh, owner)
    const before = await createApiToken(gh, org, 'viewer')
    await call(gh, 'PUT', `/organization/${org.id}`, {
      as: owner.as,
      body: { name: org.name, api_token_max_lifetime_days: 30 },
    })
    const path = `/organization/${org.id}/apiToken`
    for (const body of [
      { name: 'forever' },
      { name: 'null', expires_at: null },
      { name: 'too long', expires_at: new Date(Date.now() + 31 * DAY).toISOString() },
    ]) {
      const res = await call(gh, 'POST', path, { as: owner.as, body })
      expectProblem(res, 400)
      expect(res.body.detail, body.name).toContain('30 days')
      expect(res.body.errors).toEqual([
        { field: 'body.expires_at', message: expect.stringContaining('30 days') },
      ])
    }
    const ok = await call(gh, 'POST', path, {
      as: owner.as,
      body: { name: 'ok', expires_at: new Date(Date.now() + 30 * DAY).toISOString() },
    })
    expect(ok.status).toBe(201)
    expect((await call(gh, 'GET', '/auth/whoami', { as: before.as })).status).toBe(200)
  })

  it('may not be set by devops, billing or viewer', async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const org = await createOrganization(gh, owner)
    const devops = await createApiToken(gh, org, 'devops')
    const res = await call(gh, 'PUT', `/organization/${org.id}`, {
      as: devops.as,
      body: { name: org.name, api_token_max_lifetime_days: 1 },
    })
    expectProblem(res, 403)
  })
})

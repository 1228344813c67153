import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateToken } from '../../src/core/token.ts'
import { createOrganization, signUpAndLogIn, type TestUser } from '../support/api.ts'
import { auditEvents } from '../support/fixtures.ts'
import { startTestGatehouse, type TestGatehouse } from '../support/harness.ts'

/**
 * Which address Gatehouse believes is the client's, behind proxies. It keys the failed-
 * authentication and sign-in limits and is written to the audit trail, so a client must not be
 * able to choose it by writing its own X-Forwarded-For. The database plays no part: PGlite only.
 */
function withTrustProxy(setting: string, suite: (gatehouse: () => TestGatehouse) => void) {
  describe(`GATEHOUSE_TRUST_PROXY=${setting} [pglite]`, () => {
    let gatehouse: TestGatehouse | undefined
    beforeAll(async () => {
      gatehouse = await startTestGatehouse('pglite', {
        GATEHOUSE_TRUST_PROXY: setting,
        GATEHOUSE_AUTH_FAILURE_LIMIT: '3',
      })
    })
    afterAll(async () => {
      await gatehouse?.close()
    })
    suite(() => gatehouse as TestGatehouse)
  })
}

/** The client address the audit trail recorded for an organization created through the proxy. */
async function recordedAddress(
  gatehouse: TestGatehouse,
  user: TestUser,
  from: { remoteAddress: string; forwardedFor?: string },
): Promise<string | undefined> {
  const res = await gatehouse.app.inject({
    method: 'POST',
    url: '/api/organization',
    remoteAddress: from.remoteAddress,
    headers: {
      authorization: `Bearer ${user.session}`,
      ...(from.forwardedFor ? { 'x-forwarded-for': from.forwardedFor } : {}),
    },
    payload: { name: `Proxied ${Math.random()}` },
  })
  expect(res.statusCode).toBe(201)
  const [event] = await auditEvents(gatehouse, JSON.parse(res.body).id, 'organization.created')
  return event?.ip
}

/** Failed authentications whose X-Forwarded-For starts with a new made-up address each time. */
async function guessWithRotatingForgedAddress(
  gatehouse: TestGatehouse,
  from: { remoteAddress: string; realClient: string },
  attempts: number,
): Promise<number[]> {
  const statuses: number[] = []
  for (let i = 0; i < attempts; i++) {
    const res = await gatehouse.app.inject({
      method: 'GET',
      url: '/api/auth/whoami',
      remoteAddress: from.remoteAddress,
      headers: {
        authorization: `Token ${generateToken('api_token')}`,
        'x-forwarded-for': `192.0.2.${i + 1}, ${from.realClient}`,
      },
    })
    statuses.push(res.statusCode)
  }
  return statuses
}

withTrustProxy('true', (gatehouse) => {
  it('means one hop: the address the nearest proxy saw, not what the client wrote at the left', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const address = await recordedAddress(gatehouse(), user, {
      remoteAddress: '127.0.0.1',
      forwardedFor: '6.6.6.6, 203.0.113.9',
    })
    expect(address).toBe('203.0.113.9')
  })

  it('a guesser who makes up a new first X-Forwarded-For entry each time is still stopped', async () => {
    const statuses = await guessWithRotatingForgedAddress(
      gatehouse(),
      { remoteAddress: '127.0.0.1', realClient: '203.0.113.10' },
      6,
    )
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429])
  })

  it('believes X-Forwarded-Proto from the proxy: the session cookie is Secure behind HTTPS', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const res = await gatehouse().app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.11' },
      payload: { email: user.email, password: user.password },
    })
    expect(res.statusCode).toBe(200)
    const cookie = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('gatehouse_session='))
    expect(cookie).toMatch(/; Secure/)
  })
})

withTrustProxy('2', (gatehouse) => {
  it('counts hops from our side: the address the second proxy saw', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const address = await recordedAddress(gatehouse(), user, {
      remoteAddress: '10.0.0.2',
      forwardedFor: '6.6.6.6, 203.0.113.20, 10.0.0.7',
    })
    expect(address).toBe('203.0.113.20')
  })
})

withTrustProxy('127.0.0.1, 10.0.0.0/8', (gatehouse) => {
  it('walks X-Forwarded-For from the right past the listed proxies, to the first address that is not one', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const address = await recordedAddress(gatehouse(), user, {
      remoteAddress: '127.0.0.1',
      forwardedFor: '6.6.6.6, 203.0.113.30, 10.1.2.3',
    })
    expect(address).toBe('203.0.113.30')
  })

  it('ignores X-Forwarded-* from a peer that is not a listed proxy', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const address = await recordedAddress(gatehouse(), user, {
      remoteAddress: '198.51.100.31',
      forwardedFor: '203.0.113.31',
    })
    expect(address).toBe('198.51.100.31')
    const login = await gatehouse().app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '198.51.100.31',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { email: user.email, password: user.password },
    })
    expect(login.statusCode).toBe(200)
    const cookie = [login.headers['set-cookie']].flat().find((c) => c?.startsWith('gatehouse_session='))
    expect(cookie).not.toMatch(/; Secure/)
  })

  it('a guesser behind the listed proxies is stopped whatever it writes at the left', async () => {
    const statuses = await guessWithRotatingForgedAddress(
      gatehouse(),
      { remoteAddress: '10.0.0.2', realClient: '203.0.113.32' },
      5,
    )
    expect(statuses).toEqual([401, 401, 401, 429, 429])
  })
})

withTrustProxy('false', (gatehouse) => {
  it('ignores X-Forwarded-For altogether', async () => {
    const user = await signUpAndLogIn(gatehouse())
    await createOrganization(gatehouse(), user)
    const address = await recordedAddress(gatehouse(), user, {
      remoteAddress: '198.51.100.40',
      forwardedFor: '203.0.113.40',
    })
    expect(address).toBe('198.51.100.40')
  })
})

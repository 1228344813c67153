import { expect, it } from 'vitest'
import { call, createApiToken, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'
import { generateToken } from '../../../core/token.ts'

const LIMIT = 5

describeEachDatabase(
  'GET /auth/whoami: failed authentications are rate limited per address',
  (gatehouse) => {
    it('answers 429 with Retry-After after the limit, then refuses even a good token from that address', async () => {
      const owner = await signUpAndLogIn(gatehouse())
      const org = await createOrganization(gatehouse(), owner)
      const good = await createApiToken(gatehouse(), org, 'viewer')
      const whoami = (token: string, remoteAddress = '203.0.113.50') =>
        gatehouse().app.inject({
          method: 'GET',
          url: '/api/auth/whoami',
          remoteAddress,
          headers: { authorization: `Token ${token}` },
        })
      // Good requests do not count: a busy client with a valid token is never slowed.
      for (let i = 0; i < LIMIT * 2; i++) expect((await whoami(good.token)).statusCode).toBe(200)
      for (let i = 0; i < LIMIT; i++) expect((await whoami(generateToken('api_token'))).statusCode).toBe(401)
      const blocked = await whoami(generateToken('api_token'))
      expect(blocked.statusCode).toBe(429)
      expect(blocked.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1)
      expect((await whoami(good.token)).statusCode).toBe(429)
      expect((await whoami(good.token, '198.51.100.20')).statusCode).toBe(200)
    })
  },
  { GATEHOUSE_AUTH_FAILURE_LIMIT: String(LIMIT) },
)

describeEachDatabase('GET /auth/whoami: security', (gatehouse) => {
  it('never writes a presented token, good or bad, to a log line', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const good = await createApiToken(gatehouse(), org, 'admin')
    const unknown = generateToken('api_token')
    await call(gatehouse(), 'GET', '/auth/whoami', { as: good.as })
    await call(gatehouse(), 'GET', '/auth/whoami', { as: { token: unknown } })
    await call(gatehouse(), 'GET', '/auth/whoami', {
      headers: { cookie: `gatehouse_session=${owner.session}` },
    })
    for (const line of gatehouse().logs) {
      for (const secret of [good.token, unknown, owner.session]) expect(line).not.toContain(secret)
    }
  })

  it('never returns the token value itself', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), org, 'admin')
    const asToken = await call(gatehouse(), 'GET', '/auth/whoami', { as: token.as })
    const asUser = await call(gatehouse(), 'GET', '/auth/whoami', { as: owner.as })
    expect(asToken.text).not.toContain(token.token)
    expect(asUser.text).not.toContain(owner.session)
    expect(asToken.headers['cache-control']).toBe('no-store')
  })

  it('answers 401 at once for a token whose organization was deleted', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), org, 'admin')
    expect((await call(gatehouse(), 'GET', '/auth/whoami', { as: token.as })).status).toBe(200)
    expect((await call(gatehouse(), 'DELETE', `/organization/${org.id}`, { as: owner.as })).status).toBe(204)
    expect((await call(gatehouse(), 'GET', '/auth/whoami', { as: token.as })).status).toBe(401)
  })
})

import { expect, it } from 'vitest'
import { call, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

/** Five failures per address per window: small enough to reach in a test. */
const LIMIT = 5

describeEachDatabase(
  'POST /auth/login: failed sign-ins are rate limited per address',
  (gatehouse) => {
    it('answers 429 with Retry-After after the limit, even for the right password', async () => {
      const user = await signUpAndLogIn(gatehouse())
      const attempt = (password: string, remoteAddress = '203.0.113.7', email = user.email) =>
        gatehouse().app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress,
          payload: { email, password },
        })
      // A different account each time: the per-account limit (login-limiter.ts) stays out of it.
      for (let i = 0; i < LIMIT; i++) {
        expect((await attempt('wrong password', undefined, `guess-${i}-${user.email}`)).statusCode).toBe(401)
      }
      const blocked = await attempt('wrong password')
      expect(blocked.statusCode).toBe(429)
      expect(blocked.headers['content-type']).toMatch(/^application\/problem\+json/)
      const retryAfter = Number(blocked.headers['retry-after'])
      expect(retryAfter).toBeGreaterThanOrEqual(1)
      expect(retryAfter).toBeLessThanOrEqual(gatehouse().deps.config.authFailureWindowSeconds)
      // A guesser who finally hits the password learns nothing while blocked.
      const right = await attempt(user.password)
      expect(right.statusCode).toBe(429)
      expect(right.body).not.toContain('gses_')
      // Another address is not punished for this one's failures.
      expect((await attempt(user.password, '198.51.100.9')).statusCode).toBe(200)
    })
  },
  { GATEHOUSE_AUTH_FAILURE_LIMIT: String(LIMIT) },
)

describeEachDatabase('POST /auth/login: security', (gatehouse) => {
  it('never writes the password or the session token to a log line', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const ok = await call(gatehouse(), 'POST', '/auth/login', {
      body: { email: user.email, password: user.password },
    })
    expect(ok.status).toBe(200)
    await call(gatehouse(), 'POST', '/auth/login', {
      body: { email: user.email, password: `${user.password}-typo` },
    })
    for (const line of gatehouse().logs) {
      expect(line).not.toContain(user.password)
      expect(line).not.toContain(ok.body.token)
      expect(line).not.toContain(user.session)
    }
  })

  it('stores only a digest of the session token', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const rows = await gatehouse()
      .deps.db.selectFrom('sessions')
      .select('token_digest')
      .where('user_id', '=', user.id)
      .execute()
    expect(rows).toHaveLength(1)
    const stored = rows[0]?.token_digest as Buffer
    expect(stored).toHaveLength(32)
    expect(stored.toString('utf8')).not.toContain(user.session)
  })

  it('marks the answer no-store so no cache keeps the session token', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'POST', '/auth/login', {
      body: { email: user.email, password: user.password },
    })
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
  })

  it('ignores a bad Authorization header (sign-in needs no credential)', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'POST', '/auth/login', {
      body: { email: user.email, password: user.password },
      headers: { authorization: 'Token garbage' },
    })
    expect(res.status).toBe(200)
  })

  it('refuses a JSON email that is an object, not a string', async () => {
    const res = await call(gatehouse(), 'POST', '/auth/login', {
      body: { email: { $ne: null }, password: 'whatever123' },
    })
    expectProblem(res, 400)
  })
})

import { expect, it } from 'vitest'
import { call, uniqueSuffix } from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('POST /auth/signup: security', (gatehouse) => {
  it('never writes the password to a log line, on success or on failure', async () => {
    const email = `logs-${uniqueSuffix()}@example.test`
    const password = `do-not-log-${uniqueSuffix()}`
    expect(
      (await call(gatehouse(), 'POST', '/auth/signup', { body: { email, password, name: 'L' } })).status,
    ).toBe(201)
    // The duplicate and the invalid body go through the error paths, which log more.
    expect(
      (await call(gatehouse(), 'POST', '/auth/signup', { body: { email, password, name: 'L' } })).status,
    ).toBe(409)
    const invalid = await call(gatehouse(), 'POST', '/auth/signup', { body: { email, password, name: 12 } })
    expect(invalid.status).toBe(400)
    expect(gatehouse().logs.length).toBeGreaterThan(0)
    for (const line of gatehouse().logs) expect(line).not.toContain(password)
  })

  it('never echoes the password or its hash in the answer', async () => {
    const password = `echo-${uniqueSuffix()}-password`
    const res = await call(gatehouse(), 'POST', '/auth/signup', {
      body: { email: `echo-${uniqueSuffix()}@example.test`, password, name: 'E' },
    })
    expect(res.status).toBe(201)
    expect(res.text).not.toContain(password)
    expect(res.text).not.toContain('argon2')
    expect(res.text).not.toMatch(/password/i)
  })

  it('does not reveal in the 409 which account holds the email', async () => {
    const email = `taken-${uniqueSuffix()}@example.test`
    const first = await call(gatehouse(), 'POST', '/auth/signup', {
      body: { email, password: 'password1', name: 'Ann' },
    })
    const again = await call(gatehouse(), 'POST', '/auth/signup', {
      body: { email, password: 'password2', name: 'Bob' },
    })
    expect(again.status).toBe(409)
    expect(again.text).not.toContain(first.body.id)
    expect(again.text).not.toContain('Ann')
  })

  it('answers with the security headers and no-store', async () => {
    const res = await call(gatehouse(), 'POST', '/auth/signup', {
      body: { email: `h-${uniqueSuffix()}@example.test`, password: 'password1', name: 'H' },
    })
    expect(res.headers['content-security-policy']).toContain("default-src 'self'")
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['referrer-policy']).toBe('no-referrer')
    expect(res.headers['cache-control']).toBe('no-store')
  })
})

describeEachDatabase(
  'POST /auth/signup: a per-address limit bounds the password hashing one client can cause',
  (gatehouse) => {
    it('answers 429 with Retry-After past the limit, and creates no account then', async () => {
      const statuses: number[] = []
      let lastRetryAfter: unknown
      for (let i = 0; i < 5; i++) {
        const email = `limited-${i}-${uniqueSuffix()}@example.test`
        const response = await call(gatehouse(), 'POST', '/auth/signup', {
          body: { email, password: 'password-123', name: 'L' },
        })
        statuses.push(response.status)
        if (response.status === 429) {
          expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/)
          expect(response.body.status).toBe(429)
          lastRetryAfter = response.headers['retry-after']
        }
      }
      expect(statuses).toEqual([201, 201, 201, 429, 429])
      expect(Number(lastRetryAfter)).toBeGreaterThan(0)
      const accounts = await gatehouse()
        .deps.db.selectFrom('users')
        .select('email')
        .where('email', 'like', 'limited-%')
        .execute()
      expect(accounts).toHaveLength(3)
    })
  },
  { GATEHOUSE_SIGNUP_LIMIT_PER_MINUTE: '3' },
)

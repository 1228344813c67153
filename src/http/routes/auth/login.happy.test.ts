import { expect, it } from 'vitest'
import { call, signUpAndLogIn } from '../../../../test/support/api.ts'
import { setCookiesOf } from '../../../../test/support/cookies.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'
import { SESSION_TOKEN_PATTERN } from '../../../core/token.ts'

describeEachDatabase('POST /auth/login: happy', (gatehouse) => {
  it('answers 200 with a session token, its expiry and the user', async () => {
    const user = await signUpAndLogIn(gatehouse(), 'Login Happy')
    const before = Date.now()
    const res = await call(gatehouse(), 'POST', '/auth/login', {
      body: { email: user.email, password: user.password },
    })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body).sort()).toEqual(['expires_at', 'token', 'user'])
    expect(res.body.token).toMatch(SESSION_TOKEN_PATTERN)
    expect(res.body.token.startsWith('gses_')).toBe(true)
    expect(res.body.user).toEqual({
      id: user.id,
      email: user.email,
      name: 'Login Happy',
      created_at: expect.any(String),
    })
    const ttlMs = gatehouse().deps.config.sessionTtlSeconds * 1000
    const expiresAt = new Date(res.body.expires_at).getTime()
    expect(expiresAt).toBeGreaterThanOrEqual(before + ttlMs - 1000)
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + ttlMs + 1000)
  })

  it('sets an HttpOnly SameSite session cookie and a readable CSRF cookie', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'POST', '/auth/login', {
      body: { email: user.email, password: user.password },
    })
    const cookies = setCookiesOf(res)
    const session = cookies.gatehouse_session
    const csrf = cookies.gatehouse_csrf
    expect(session?.value).toBe(res.body.token)
    expect(session?.attributes).toContain('httponly')
    expect(session?.attributes.some((a) => /^samesite=(lax|strict)$/.test(a))).toBe(true)
    expect(session?.attributes).toContain('path=/')
    expect(csrf?.value).toMatch(/^[A-Za-z0-9_-]{20,}$/)
    // The console's script must read it to echo it in the x-gatehouse-csrf header.
    expect(csrf?.attributes).not.toContain('httponly')
    expect(csrf?.attributes.some((a) => a.startsWith('samesite='))).toBe(true)
  })

  it('gives a working session, and a new one on each login', async () => {
    const user = await signUpAndLogIn(gatehouse(), 'Twice')
    const again = await call(gatehouse(), 'POST', '/auth/login', {
      body: { email: user.email, password: user.password },
    })
    expect(again.body.token).not.toBe(user.session)
    for (const session of [user.session, again.body.token]) {
      const whoami = await call(gatehouse(), 'GET', '/auth/whoami', { as: { session } })
      expect(whoami.status).toBe(200)
      expect(whoami.body.user.id).toBe(user.id)
    }
  })

  it('matches the email whatever its case', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'POST', '/auth/login', {
      body: { email: user.email.toUpperCase(), password: user.password },
    })
    expect(res.status).toBe(200)
    expect(res.body.user.id).toBe(user.id)
  })
})

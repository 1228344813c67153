import { expect, it } from 'vitest'
import { call, signUpAndLogIn } from '../../../../test/support/api.ts'
import { logInWithCookies, setCookiesOf } from '../../../../test/support/cookies.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('POST /auth/logout: happy', (gatehouse) => {
  it('answers 204 and the very next request with that session is refused', async () => {
    const user = await signUpAndLogIn(gatehouse())
    // Resolved once, so the session sits in the authentication cache.
    expect((await call(gatehouse(), 'GET', '/auth/whoami', { as: user.as })).status).toBe(200)
    const res = await call(gatehouse(), 'POST', '/auth/logout', { as: user.as })
    expect(res.status).toBe(204)
    expect(res.text).toBe('')
    expect((await call(gatehouse(), 'GET', '/auth/whoami', { as: user.as })).status).toBe(401)
    const rows = await gatehouse()
      .deps.db.selectFrom('sessions')
      .select('id')
      .where('user_id', '=', user.id)
      .execute()
    expect(rows).toHaveLength(0)
  })

  it('ends only this session: the same user signed in elsewhere stays signed in', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const other = await call(gatehouse(), 'POST', '/auth/login', {
      body: { email: user.email, password: user.password },
    })
    expect((await call(gatehouse(), 'POST', '/auth/logout', { as: user.as })).status).toBe(204)
    const whoami = await call(gatehouse(), 'GET', '/auth/whoami', { as: { session: other.body.token } })
    expect(whoami.status).toBe(200)
  })

  it('clears both cookies for a console session', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const login = await logInWithCookies(gatehouse(), user)
    const res = await call(gatehouse(), 'POST', '/auth/logout', {
      headers: { cookie: login.cookie, 'x-gatehouse-csrf': login.csrf },
    })
    expect(res.status).toBe(204)
    const cookies = setCookiesOf(res)
    for (const name of ['gatehouse_session', 'gatehouse_csrf']) {
      const cookie = cookies[name]
      expect(cookie?.value).toBe('')
      expect(
        cookie?.attributes.some((a) => a === 'max-age=0' || a.startsWith('expires=thu, 01 jan 1970')),
      ).toBe(true)
    }
    const after = await call(gatehouse(), 'GET', '/auth/whoami', { headers: { cookie: login.cookie } })
    expect(after.status).toBe(401)
  })
})

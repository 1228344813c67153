import { expect, it } from 'vitest'
import { call, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { logInWithCookies } from '../../../../test/support/cookies.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('POST /auth/logout: security', (gatehouse) => {
  it('refuses a cookie-only logout without the CSRF header (a cross-site page cannot sign you out)', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const login = await logInWithCookies(gatehouse(), user)
    expectProblem(await call(gatehouse(), 'POST', '/auth/logout', { headers: { cookie: login.cookie } }), 403)
    expectProblem(
      await call(gatehouse(), 'POST', '/auth/logout', {
        headers: {
          cookie: login.cookie,
          'x-gatehouse-csrf': `${login.csrf.slice(0, -1)}${login.csrf.endsWith('x') ? 'y' : 'x'}`,
        },
      }),
      403,
    )
    expect(
      (await call(gatehouse(), 'GET', '/auth/whoami', { headers: { cookie: login.cookie } })).status,
    ).toBe(200)
  })

  it('after logout, the old token is refused with the same body as any unknown credential', async () => {
    const user = await signUpAndLogIn(gatehouse())
    await call(gatehouse(), 'POST', '/auth/logout', { as: user.as })
    const revoked = await call(gatehouse(), 'GET', '/auth/whoami', { as: user.as })
    const missing = await call(gatehouse(), 'GET', '/auth/whoami')
    expectProblem(revoked, 401)
    expect(revoked.text).toBe(missing.text)
  })

  it('never logs the session token it ends', async () => {
    const user = await signUpAndLogIn(gatehouse())
    await call(gatehouse(), 'POST', '/auth/logout', { as: user.as })
    for (const line of gatehouse().logs) expect(line).not.toContain(user.session)
  })
})

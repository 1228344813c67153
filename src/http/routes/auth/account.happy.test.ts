import { expect, it } from 'vitest'
import { call, signUpAndLogIn } from '../../../../test/support/api.ts'
import { logInWithCookies } from '../../../../test/support/cookies.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /account: happy', (gatehouse) => {
  it('describes the signed-in user, by Bearer session', async () => {
    const user = await signUpAndLogIn(gatehouse(), 'Account Holder')
    const res = await call(gatehouse(), 'GET', '/account', { as: user.as })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      id: user.id,
      email: user.email,
      name: 'Account Holder',
      created_at: expect.any(String),
    })
    expect(new Date(res.body.created_at).toISOString()).toBe(res.body.created_at)
  })

  it('describes the signed-in user, by session cookie', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const login = await logInWithCookies(gatehouse(), user)
    const res = await call(gatehouse(), 'GET', '/account', { headers: { cookie: login.cookie } })
    expect(res.status).toBe(200)
    expect(res.body.id).toBe(user.id)
  })
})

import { expect, it } from 'vitest'
import { call, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /account: errors', (gatehouse) => {
  it('answers 401 without a credential or with a malformed one', async () => {
    expectProblem(await call(gatehouse(), 'GET', '/account'), 401)
    expectProblem(
      await call(gatehouse(), 'GET', '/account', { headers: { authorization: 'Bearer nope' } }),
      401,
    )
  })

  it('answers 401 once the user has signed out', async () => {
    const user = await signUpAndLogIn(gatehouse())
    expect((await call(gatehouse(), 'POST', '/auth/logout', { as: user.as })).status).toBe(204)
    expectProblem(await call(gatehouse(), 'GET', '/account', { as: user.as }), 401)
  })

  it('answers 401 when the account was deleted behind the session', async () => {
    const user = await signUpAndLogIn(gatehouse())
    // Warm the authentication cache, then delete the user under it (as an operator might in SQL):
    // the cached session still resolves, so the route itself must not answer with a ghost.
    expect((await call(gatehouse(), 'GET', '/account', { as: user.as })).status).toBe(200)
    await gatehouse().deps.db.deleteFrom('users').where('id', '=', user.id).execute()
    expectProblem(await call(gatehouse(), 'GET', '/account', { as: user.as }), 401)
  })
})

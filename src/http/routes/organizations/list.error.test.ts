import { expect, it } from 'vitest'
import { call, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'
import { generateToken } from '../../../core/token.ts'

describeEachDatabase('GET /organization: errors', (gatehouse) => {
  it('answers 401 without a credential or with an unknown one', async () => {
    expectProblem(await call(gatehouse(), 'GET', '/organization'), 401)
    expectProblem(
      await call(gatehouse(), 'GET', '/organization', { as: { token: generateToken('api_token') } }),
      401,
    )
  })

  it('answers 401 to a signed-out session', async () => {
    const user = await signUpAndLogIn(gatehouse())
    await call(gatehouse(), 'POST', '/auth/logout', { as: user.as })
    const res = await call(gatehouse(), 'GET', '/organization', { as: user.as })
    expectProblem(res, 401)
    expect(res.text).not.toContain('results')
  })
})

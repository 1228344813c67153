import { expect, it } from 'vitest'
import { call, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /organization/{id}/availableRole: errors', (gatehouse) => {
  it('answers 400 naming the parameter for a malformed id', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'GET', '/organization/owner/availableRole', { as: user.as })
    expectProblem(res, 400)
    expect(res.body.errors).toContainEqual({ field: 'params.organizationId', message: expect.any(String) })
  })

  it('answers 404 for an unknown organization and 401 without a credential', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const unknown = '00000000-0000-4000-8000-000000000000'
    expectProblem(
      await call(gatehouse(), 'GET', `/organization/${unknown}/availableRole`, { as: user.as }),
      404,
    )
    expectProblem(await call(gatehouse(), 'GET', `/organization/${unknown}/availableRole`), 401)
  })
})

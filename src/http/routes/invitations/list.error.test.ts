import { it } from 'vitest'
import { call, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /organization/{id}/inviteMember: errors', (gatehouse) => {
  it('answers 400 for a malformed organization id and 404 for an unknown one', async () => {
    const user = await signUpAndLogIn(gatehouse())
    expectProblem(await call(gatehouse(), 'GET', '/organization/123/inviteMember', { as: user.as }), 400)
    expectProblem(
      await call(gatehouse(), 'GET', `/organization/${crypto.randomUUID()}/inviteMember`, { as: user.as }),
      404,
    )
  })

  it('answers 401 without credentials', async () => {
    expectProblem(await call(gatehouse(), 'GET', `/organization/${crypto.randomUUID()}/inviteMember`), 401)
  })
})

import { it } from 'vitest'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /organization/{id}/member: errors', (gatehouse) => {
  it('answers 400 for an organization id that is not a UUID', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'GET', '/organization/not-a-uuid/member', { as: owner.as })
    expectProblem(res, 400)
  })

  it('answers 404 for an organization that does not exist', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    await createOrganization(gatehouse(), owner)
    const res = await call(gatehouse(), 'GET', `/organization/${crypto.randomUUID()}/member`, {
      as: owner.as,
    })
    expectProblem(res, 404)
  })
})

import { expect, it } from 'vitest'
import { call, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { unknownId } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /organization/{id}/project: errors', (gatehouse) => {
  it('refuses an organization id that is not a UUID with 400', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'GET', '/organization/1234/project', { as: owner.as })
    expectProblem(res, 400)
    expect(res.body.errors[0].field).toBe('params.organizationId')
  })

  it('answers 404 for an organization that does not exist', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'GET', `/organization/${unknownId}/project`, { as: owner.as })
    expectProblem(res, 404)
  })
})

import { expect, it } from 'vitest'
import { call, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { unknownId } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /environment/{id}: errors', (gatehouse) => {
  it('refuses an id that is not a UUID with 400', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'GET', '/environment/abc', { as: owner.as })
    expectProblem(res, 400)
    expect(res.body.errors[0].field).toBe('params.environmentId')
  })

  it('answers 404 for an unknown id', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'GET', `/environment/${unknownId}`, { as: owner.as })
    expectProblem(res, 404)
    expect(res.body.detail).toBe('Environment was not found.')
  })
})

import { expect, it } from 'vitest'
import { call, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { unknownId } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /project/{id}/environment: errors', (gatehouse) => {
  it('refuses a project id that is not a UUID with 400', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'GET', '/project/12/environment', { as: owner.as })
    expectProblem(res, 400)
    expect(res.body.errors[0].field).toBe('params.projectId')
  })

  it('answers 404 for an unknown project', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'GET', `/project/${unknownId}/environment`, { as: owner.as })
    expectProblem(res, 404)
    expect(res.body.detail).toBe('Project was not found.')
  })
})

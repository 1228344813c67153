import { expect, it } from 'vitest'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /organization/{id}/apiToken: errors', (gatehouse) => {
  it('answers 400 for an unknown query parameter, naming it', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const res = await call(gatehouse(), 'GET', `/organization/${org.id}/apiToken?nmae=x`, { as: owner.as })
    expectProblem(res, 400)
    expect(res.body.errors).toContainEqual({ field: 'querystring.nmae', message: expect.any(String) })
  })

  it('answers 400 for a filter longer than 255 characters', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const res = await call(gatehouse(), 'GET', `/organization/${org.id}/apiToken?name=${'x'.repeat(256)}`, {
      as: owner.as,
    })
    expectProblem(res, 400)
    expect(res.body.errors).toContainEqual({ field: 'querystring.name', message: expect.any(String) })
  })

  it('answers 400 for a malformed id, 404 for an unknown organization, 401 without a credential', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const bad = await call(gatehouse(), 'GET', '/organization/1/apiToken', { as: owner.as })
    expectProblem(bad, 400)
    expect(bad.body.errors).toContainEqual({ field: 'params.organizationId', message: expect.any(String) })
    expectProblem(
      await call(gatehouse(), 'GET', '/organization/00000000-0000-4000-8000-000000000000/apiToken', {
        as: owner.as,
      }),
      404,
    )
    const org = await createOrganization(gatehouse(), owner)
    expectProblem(await call(gatehouse(), 'GET', `/organization/${org.id}/apiToken`), 401)
  })
})

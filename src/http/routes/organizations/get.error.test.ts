import { expect, it } from 'vitest'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /organization/{id}: errors', (gatehouse) => {
  it('answers 400 naming the parameter for an id that is not a UUID', async () => {
    const user = await signUpAndLogIn(gatehouse())
    for (const id of ['not-a-uuid', '123', "1' or '1'='1"]) {
      const res = await call(gatehouse(), 'GET', `/organization/${encodeURIComponent(id)}`, { as: user.as })
      expectProblem(res, 400)
      expect(res.body.errors).toContainEqual({ field: 'params.organizationId', message: expect.any(String) })
    }
  })

  it('answers 404 for an organization that does not exist', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'GET', '/organization/00000000-0000-4000-8000-000000000000', {
      as: user.as,
    })
    expectProblem(res, 404)
  })

  it('answers 401 without a credential, before saying anything about the organization', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), user)
    const res = await call(gatehouse(), 'GET', `/organization/${org.id}`)
    expectProblem(res, 401)
    expect(res.text).not.toContain(org.name)
  })
})

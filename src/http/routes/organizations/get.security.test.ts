import { expect, it } from 'vitest'
import {
  call,
  createApiToken,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
} from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /organization/{id}: security', (gatehouse) => {
  it('answers 404 for another organization, exactly as for one that does not exist', async () => {
    const ann = await signUpAndLogIn(gatehouse())
    const bob = await signUpAndLogIn(gatehouse())
    await createOrganization(gatehouse(), ann)
    const bobOrg = await createOrganization(gatehouse(), bob)
    const foreign = await call(gatehouse(), 'GET', `/organization/${bobOrg.id}`, { as: ann.as })
    const missing = await call(gatehouse(), 'GET', '/organization/00000000-0000-4000-8000-000000000000', {
      as: ann.as,
    })
    expectProblem(foreign, 404)
    expect(foreign.text).toBe(missing.text)
    expect(foreign.text).not.toContain(bobOrg.name)
  })

  it("answers 404 to a token of another organization, though the token's creator owns both", async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const first = await createOrganization(gatehouse(), owner)
    const second = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), first, 'admin')
    expectProblem(await call(gatehouse(), 'GET', `/organization/${second.id}`, { as: token.as }), 404)
    expect((await call(gatehouse(), 'GET', `/organization/${first.id}`, { as: token.as })).status).toBe(200)
  })

  it('answers with the security headers and no-store', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const res = await call(gatehouse(), 'GET', `/organization/${org.id}`, { as: owner.as })
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['referrer-policy']).toBe('no-referrer')
    expect(res.headers['cache-control']).toBe('no-store')
  })
})

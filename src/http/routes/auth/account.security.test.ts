import { expect, it } from 'vitest'
import {
  call,
  createApiToken,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
} from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /account: security', (gatehouse) => {
  it('answers 403 to an API token: an account belongs to a user session only', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), org, 'admin')
    const res = await call(gatehouse(), 'GET', '/account', { as: token.as })
    expectProblem(res, 403)
    expect(res.text).not.toContain(owner.email)
  })

  it('never shows the password hash, and answers no-store', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'GET', '/account', { as: user.as })
    expect(res.text).not.toMatch(/password|argon2/i)
    expect(res.headers['cache-control']).toBe('no-store')
  })

  it('shows each user their own account only', async () => {
    const ann = await signUpAndLogIn(gatehouse())
    const bob = await signUpAndLogIn(gatehouse())
    expect((await call(gatehouse(), 'GET', '/account', { as: ann.as })).body.id).toBe(ann.id)
    expect((await call(gatehouse(), 'GET', '/account', { as: bob.as })).body.id).toBe(bob.id)
  })
})

import { expect, it } from 'vitest'
import {
  call,
  createApiToken,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
} from '../../../../test/support/api.ts'
import { logInWithCookies } from '../../../../test/support/cookies.ts'
import { countRows } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('DELETE /organization/{id}: security', (gatehouse) => {
  it('answers 404 to the owner of another organization and deletes nothing', async () => {
    const ann = await signUpAndLogIn(gatehouse())
    const bob = await signUpAndLogIn(gatehouse())
    await createOrganization(gatehouse(), ann)
    const bobOrg = await createOrganization(gatehouse(), bob)
    const bobToken = await createApiToken(gatehouse(), bobOrg, 'admin')
    const before = await countRows(gatehouse())
    expectProblem(await call(gatehouse(), 'DELETE', `/organization/${bobOrg.id}`, { as: ann.as }), 404)
    expect(await countRows(gatehouse())).toEqual(before)
    expect((await call(gatehouse(), 'GET', '/auth/whoami', { as: bobToken.as })).status).toBe(200)
  })

  it('answers 404 to a token of another organization, though its creator owns both', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const first = await createOrganization(gatehouse(), owner)
    const second = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), first, 'admin')
    expectProblem(await call(gatehouse(), 'DELETE', `/organization/${second.id}`, { as: token.as }), 404)
    expect((await call(gatehouse(), 'GET', `/organization/${second.id}`, { as: owner.as })).status).toBe(200)
  })

  it('refuses a cookie-only delete without the CSRF header', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const login = await logInWithCookies(gatehouse(), owner)
    expectProblem(
      await call(gatehouse(), 'DELETE', `/organization/${org.id}`, { headers: { cookie: login.cookie } }),
      403,
    )
    expect((await call(gatehouse(), 'GET', `/organization/${org.id}`, { as: owner.as })).status).toBe(200)
  })
})

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

describeEachDatabase('DELETE /organization/{id}/apiToken/{tokenId}: security', (gatehouse) => {
  it("answers 404 for another organization's token id under one's own organization; that token still works", async () => {
    const ann = await signUpAndLogIn(gatehouse())
    const bob = await signUpAndLogIn(gatehouse())
    const annOrg = await createOrganization(gatehouse(), ann)
    const bobOrg = await createOrganization(gatehouse(), bob)
    const bobToken = await createApiToken(gatehouse(), bobOrg, 'admin')
    const annToken = await createApiToken(gatehouse(), annOrg, 'admin')
    const before = await countRows(gatehouse())
    for (const as of [ann.as, annToken.as]) {
      const res = await call(gatehouse(), 'DELETE', `/organization/${annOrg.id}/apiToken/${bobToken.id}`, {
        as,
      })
      expectProblem(res, 404)
    }
    expect(await countRows(gatehouse())).toEqual(before)
    expect((await call(gatehouse(), 'GET', '/auth/whoami', { as: bobToken.as })).status).toBe(200)
  })

  it('answers 404 to a token of organization A acting on organization B, though its creator owns both', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const orgA = await createOrganization(gatehouse(), owner)
    const orgB = await createOrganization(gatehouse(), owner)
    const tokenA = await createApiToken(gatehouse(), orgA, 'admin')
    const tokenB = await createApiToken(gatehouse(), orgB, 'viewer')
    expectProblem(
      await call(gatehouse(), 'DELETE', `/organization/${orgB.id}/apiToken/${tokenB.id}`, { as: tokenA.as }),
      404,
    )
    expect((await call(gatehouse(), 'GET', '/auth/whoami', { as: tokenB.as })).status).toBe(200)
  })

  it('refuses a cookie-only deletion without the CSRF header; the token still works', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), org, 'viewer')
    const login = await logInWithCookies(gatehouse(), owner)
    const path = `/organization/${org.id}/apiToken/${token.id}`
    expectProblem(await call(gatehouse(), 'DELETE', path, { headers: { cookie: login.cookie } }), 403)
    expect((await call(gatehouse(), 'GET', '/auth/whoami', { as: token.as })).status).toBe(200)
    const genuine = await call(gatehouse(), 'DELETE', path, {
      headers: { cookie: login.cookie, 'x-gatehouse-csrf': login.csrf },
    })
    expect(genuine.status).toBe(204)
    expect((await call(gatehouse(), 'GET', '/auth/whoami', { as: token.as })).status).toBe(401)
  })

  it('refuses the deleted token everywhere it was valid, not only on whoami', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), org, 'admin')
    expect(
      (await call(gatehouse(), 'GET', `/organization/${org.id}/apiToken`, { as: token.as })).status,
    ).toBe(200)
    await call(gatehouse(), 'DELETE', `/organization/${org.id}/apiToken/${token.id}`, { as: owner.as })
    expectProblem(await call(gatehouse(), 'GET', `/organization/${org.id}/apiToken`, { as: token.as }), 401)
    expectProblem(
      await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken`, {
        as: token.as,
        body: { name: 'ghost' },
      }),
      401,
    )
  })
})

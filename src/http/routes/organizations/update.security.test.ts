import { expect, it } from 'vitest'
import {
  call,
  createApiToken,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
} from '../../../../test/support/api.ts'
import { logInWithCookies } from '../../../../test/support/cookies.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('PUT /organization/{id}: security', (gatehouse) => {
  it('answers 404 to the owner of another organization and changes nothing', async () => {
    const ann = await signUpAndLogIn(gatehouse())
    const bob = await signUpAndLogIn(gatehouse())
    await createOrganization(gatehouse(), ann)
    const bobOrg = await createOrganization(gatehouse(), bob)
    const res = await call(gatehouse(), 'PUT', `/organization/${bobOrg.id}`, {
      as: ann.as,
      body: { name: 'Pwned' },
    })
    expectProblem(res, 404)
    const read = await call(gatehouse(), 'GET', `/organization/${bobOrg.id}`, { as: bob.as })
    expect(read.body.name).toBe(bobOrg.name)
  })

  it('answers 404 to an admin token of another organization and changes nothing', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const first = await createOrganization(gatehouse(), owner)
    const second = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), first, 'admin')
    expectProblem(
      await call(gatehouse(), 'PUT', `/organization/${second.id}`, { as: token.as, body: { name: 'Pwned' } }),
      404,
    )
    expect((await call(gatehouse(), 'GET', `/organization/${second.id}`, { as: owner.as })).body.name).toBe(
      second.name,
    )
  })

  it('refuses a cookie-only edit without the CSRF header', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const login = await logInWithCookies(gatehouse(), owner)
    const forged = await call(gatehouse(), 'PUT', `/organization/${org.id}`, {
      headers: { cookie: login.cookie },
      body: { name: 'Forged' },
    })
    expectProblem(forged, 403)
    expect((await call(gatehouse(), 'GET', `/organization/${org.id}`, { as: owner.as })).body.name).toBe(
      org.name,
    )
    const genuine = await call(gatehouse(), 'PUT', `/organization/${org.id}`, {
      headers: { cookie: login.cookie, 'x-gatehouse-csrf': login.csrf },
      body: { name: 'Genuine' },
    })
    expect(genuine.status).toBe(200)
    expect(genuine.body.name).toBe('Genuine')
  })
})

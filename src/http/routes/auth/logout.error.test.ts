import { expect, it } from 'vitest'
import {
  call,
  createApiToken,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
} from '../../../../test/support/api.ts'
import { countRows } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('POST /auth/logout: errors', (gatehouse) => {
  it('answers 401 without a credential', async () => {
    expectProblem(await call(gatehouse(), 'POST', '/auth/logout'), 401)
  })

  it('answers 401 the second time: the session is gone', async () => {
    const user = await signUpAndLogIn(gatehouse())
    expect((await call(gatehouse(), 'POST', '/auth/logout', { as: user.as })).status).toBe(204)
    expectProblem(await call(gatehouse(), 'POST', '/auth/logout', { as: user.as }), 401)
  })

  it('answers 403 to an API token (it has no session to end) and changes nothing', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), org, 'admin')
    const before = await countRows(gatehouse())
    expectProblem(await call(gatehouse(), 'POST', '/auth/logout', { as: token.as }), 403)
    expect(await countRows(gatehouse())).toEqual(before)
    expect((await call(gatehouse(), 'GET', '/auth/whoami', { as: token.as })).status).toBe(200)
  })
})

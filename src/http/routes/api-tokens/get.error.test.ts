import { expect, it } from 'vitest'
import {
  call,
  createApiToken,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
} from '../../../../test/support/api.ts'
import { createTeam, unknownId } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /organization/{id}/apiToken/{tokenId}: errors', (gatehouse) => {
  it('answers 404 for an unknown token, 400 naming a malformed id, 401 without a credential', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), org, 'viewer')
    const unknown = await call(gatehouse(), 'GET', `/organization/${org.id}/apiToken/${unknownId}`, {
      as: owner.as,
    })
    expectProblem(unknown, 404)
    expect(unknown.body.detail).toBe('API token was not found.')
    const bad = await call(gatehouse(), 'GET', `/organization/${org.id}/apiToken/nope`, { as: owner.as })
    expectProblem(bad, 400)
    expect(bad.body.errors).toContainEqual({ field: 'params.apiTokenId', message: expect.any(String) })
    expectProblem(await call(gatehouse(), 'GET', `/organization/${org.id}/apiToken/${token.id}`), 401)
  })

  it('answers 403 to billing and viewer, members and tokens alike', async () => {
    const team = await createTeam(gatehouse())
    for (const caller of team.callers.filter((c) => ['billing', 'viewer'].includes(c.role))) {
      const res = await call(
        gatehouse(),
        'GET',
        `/organization/${team.org.id}/apiToken/${team.tokens.admin.id}`,
        {
          as: caller.as,
        },
      )
      expectProblem(res, 403)
      expect(res.body.reason, caller.label).toBe('permission_denied')
    }
  })
})

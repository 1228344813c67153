import { expect, it } from 'vitest'
import { call, expectProblem } from '../../../../test/support/api.ts'
import { countRows, createTeam } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('DELETE /organization/{id}/apiToken/{tokenId}: errors', (gatehouse) => {
  it('answers 403 to billing and viewer, as users and as tokens; the token keeps working', async () => {
    const team = await createTeam(gatehouse())
    const target = team.tokens.admin
    const before = await countRows(gatehouse())
    for (const caller of team.callers.filter((c) => c.role === 'billing' || c.role === 'viewer')) {
      const res = await call(gatehouse(), 'DELETE', `/organization/${team.org.id}/apiToken/${target.id}`, {
        as: caller.as,
      })
      expectProblem(res, 403)
    }
    expect(await countRows(gatehouse())).toEqual(before)
    expect((await call(gatehouse(), 'GET', '/auth/whoami', { as: target.as })).status).toBe(200)
  })

  it('answers 404 for an unknown token and for one already deleted', async () => {
    const team = await createTeam(gatehouse())
    const as = team.users.owner.as
    const base = `/organization/${team.org.id}/apiToken`
    expectProblem(
      await call(gatehouse(), 'DELETE', `${base}/00000000-0000-4000-8000-000000000000`, { as }),
      404,
    )
    expect((await call(gatehouse(), 'DELETE', `${base}/${team.tokens.viewer.id}`, { as })).status).toBe(204)
    expectProblem(await call(gatehouse(), 'DELETE', `${base}/${team.tokens.viewer.id}`, { as }), 404)
  })

  it('answers 400 naming the parameter for malformed ids, and 401 without a credential', async () => {
    const team = await createTeam(gatehouse())
    const as = team.users.owner.as
    const badToken = await call(gatehouse(), 'DELETE', `/organization/${team.org.id}/apiToken/not-a-uuid`, {
      as,
    })
    expectProblem(badToken, 400)
    expect(badToken.body.errors).toContainEqual({ field: 'params.apiTokenId', message: expect.any(String) })
    const badOrg = await call(gatehouse(), 'DELETE', `/organization/x/apiToken/${team.tokens.admin.id}`, {
      as,
    })
    expectProblem(badOrg, 400)
    expect(badOrg.body.errors).toContainEqual({ field: 'params.organizationId', message: expect.any(String) })
    expectProblem(
      await call(gatehouse(), 'DELETE', `/organization/${team.org.id}/apiToken/${team.tokens.admin.id}`),
      401,
    )
    expect((await call(gatehouse(), 'GET', '/auth/whoami', { as: team.tokens.admin.as })).status).toBe(200)
  })
})

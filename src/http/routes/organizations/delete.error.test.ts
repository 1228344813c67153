import { expect, it } from 'vitest'
import { call, expectProblem } from '../../../../test/support/api.ts'
import { countRows, createTeam } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('DELETE /organization/{id}: errors', (gatehouse) => {
  it('answers 403 to every role but owner, as users and as tokens, and deletes nothing', async () => {
    const team = await createTeam(gatehouse())
    const forbidden = team.callers.filter((c) => c.role !== 'owner')
    expect(forbidden).toHaveLength(8)
    const before = await countRows(gatehouse())
    for (const caller of forbidden) {
      const res = await call(gatehouse(), 'DELETE', `/organization/${team.org.id}`, { as: caller.as })
      expectProblem(res, 403)
    }
    expect(await countRows(gatehouse())).toEqual(before)
    for (const caller of team.callers) {
      expect((await call(gatehouse(), 'GET', `/organization/${team.org.id}`, { as: caller.as })).status).toBe(
        200,
      )
    }
  })

  it('answers 404 for an unknown organization, 400 for a malformed id, 401 without a credential', async () => {
    const team = await createTeam(gatehouse())
    const as = team.users.owner.as
    expectProblem(
      await call(gatehouse(), 'DELETE', '/organization/00000000-0000-4000-8000-000000000000', { as }),
      404,
    )
    const bad = await call(gatehouse(), 'DELETE', '/organization/xyz', { as })
    expectProblem(bad, 400)
    expect(bad.body.errors).toContainEqual({ field: 'params.organizationId', message: expect.any(String) })
    expectProblem(await call(gatehouse(), 'DELETE', `/organization/${team.org.id}`), 401)
    expect((await call(gatehouse(), 'GET', `/organization/${team.org.id}`, { as })).status).toBe(200)
  })

  it('answers 404 the second time', async () => {
    const team = await createTeam(gatehouse())
    const as = team.users.owner.as
    expect((await call(gatehouse(), 'DELETE', `/organization/${team.org.id}`, { as })).status).toBe(204)
    expectProblem(await call(gatehouse(), 'DELETE', `/organization/${team.org.id}`, { as }), 404)
  })
})

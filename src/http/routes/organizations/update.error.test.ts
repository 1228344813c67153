import { expect, it } from 'vitest'
import { call, expectProblem } from '../../../../test/support/api.ts'
import { countRows, createTeam, type Team } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

async function snapshot(gatehouse: Parameters<typeof countRows>[0], team: Team) {
  const org = await gatehouse.deps.db
    .selectFrom('organizations')
    .selectAll()
    .where('id', '=', team.org.id)
    .executeTakeFirstOrThrow()
  return { org, counts: await countRows(gatehouse) }
}

describeEachDatabase('PUT /organization/{id}: errors', (gatehouse) => {
  it('answers 403 to devops, billing and viewer, as users and as tokens, and changes nothing', async () => {
    const team = await createTeam(gatehouse())
    const forbidden = team.callers.filter((c) => !['owner', 'admin'].includes(c.role))
    expect(forbidden).toHaveLength(6)
    const before = await snapshot(gatehouse(), team)
    for (const caller of forbidden) {
      const res = await call(gatehouse(), 'PUT', `/organization/${team.org.id}`, {
        as: caller.as,
        body: { name: 'Hijacked', description: 'no' },
      })
      expectProblem(res, 403)
    }
    expect(await snapshot(gatehouse(), team)).toEqual(before)
  })

  it.each([
    ['no name', { description: 'x' }, 'body.name'],
    ['an empty name', { name: '' }, 'body.name'],
    ['a blank name', { name: '\t ' }, 'body.name'],
    ['a name of 256 characters', { name: 'n'.repeat(256) }, 'body.name'],
    ['a number as name', { name: 12 }, 'body.name'],
    ['a description of 1001 characters', { name: 'ok', description: 'd'.repeat(1001) }, 'body.description'],
    ['an unknown field', { name: 'ok', owner: '00000000-0000-4000-8000-000000000000' }, 'body.owner'],
  ])('answers 400 for %s and changes nothing', async (_case, body, field) => {
    const team = await createTeam(gatehouse())
    const before = await snapshot(gatehouse(), team)
    const res = await call(gatehouse(), 'PUT', `/organization/${team.org.id}`, {
      as: team.users.owner.as,
      body,
    })
    expectProblem(res, 400)
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field)
    expect(await snapshot(gatehouse(), team)).toEqual(before)
  })

  it('answers 404 for an unknown organization and 400 for a malformed id', async () => {
    const team = await createTeam(gatehouse())
    const as = team.users.owner.as
    expectProblem(
      await call(gatehouse(), 'PUT', '/organization/00000000-0000-4000-8000-000000000000', {
        as,
        body: { name: 'x' },
      }),
      404,
    )
    const bad = await call(gatehouse(), 'PUT', '/organization/nope', { as, body: { name: 'x' } })
    expectProblem(bad, 400)
    expect(bad.body.errors).toContainEqual({ field: 'params.organizationId', message: expect.any(String) })
  })
})

import { expect, it } from 'vitest'
import { call, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { countRows } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('POST /organization: errors', (gatehouse) => {
  it.each([
    ['no name', {}, 'body.name'],
    ['an empty name', { name: '' }, 'body.name'],
    ['a blank name', { name: '   ' }, 'body.name'],
    ['a name of 256 characters', { name: 'n'.repeat(256) }, 'body.name'],
    ['a number as name', { name: 12 }, 'body.name'],
    ['null as name', { name: null }, 'body.name'],
    ['a description of 1001 characters', { name: 'ok', description: 'd'.repeat(1001) }, 'body.description'],
    ['a number as description', { name: 'ok', description: 5 }, 'body.description'],
    ['an unknown field', { name: 'ok', owner: '00000000-0000-4000-8000-000000000000' }, 'body.owner'],
  ])('answers 400 for %s, naming the field, and creates nothing', async (_case, body, field) => {
    const user = await signUpAndLogIn(gatehouse())
    const before = await countRows(gatehouse())
    const res = await call(gatehouse(), 'POST', '/organization', { as: user.as, body })
    expectProblem(res, 400)
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field)
    expect(await countRows(gatehouse())).toEqual(before)
  })

  it('answers 400 for a body that is an array', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'POST', '/organization', { as: user.as, body: [{ name: 'x' }] })
    expectProblem(res, 400)
  })

  it('answers 401 without a credential and creates nothing', async () => {
    const before = await countRows(gatehouse())
    expectProblem(await call(gatehouse(), 'POST', '/organization', { body: { name: 'Anonymous' } }), 401)
    expect(await countRows(gatehouse())).toEqual(before)
  })
})

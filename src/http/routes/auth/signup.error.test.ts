import { expect, it } from 'vitest'
import { call, expectProblem, uniqueSuffix } from '../../../../test/support/api.ts'
import { countRows } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

const validBody = () => ({
  email: `err-${uniqueSuffix()}@example.test`,
  password: 'a good password',
  name: 'Error Case',
})

describeEachDatabase('POST /auth/signup: errors', (gatehouse) => {
  it('answers 409 when the email is taken, whatever its case, and creates nothing', async () => {
    const body = validBody()
    expect((await call(gatehouse(), 'POST', '/auth/signup', { body })).status).toBe(201)
    const before = await countRows(gatehouse())
    for (const email of [body.email, body.email.toUpperCase()]) {
      const res = await call(gatehouse(), 'POST', '/auth/signup', { body: { ...body, email } })
      expectProblem(res, 409)
    }
    expect(await countRows(gatehouse())).toEqual(before)
  })

  it.each([
    ['a password of 7 characters', { password: '1234567' }, 'body.password'],
    ['a password of 257 characters', { password: 'p'.repeat(257) }, 'body.password'],
    ['an email without @', { email: 'not-an-email' }, 'body.email'],
    ['an email with a space', { email: 'a b@example.test' }, 'body.email'],
    ['an empty name', { name: '' }, 'body.name'],
    ['a blank name', { name: '   ' }, 'body.name'],
    ['a name of 256 characters', { name: 'n'.repeat(256) }, 'body.name'],
    ['a number as name', { name: 12 }, 'body.name'],
    ['an unknown field', { nickname: 'Ada' }, 'body.nickname'],
  ])('answers 400 for %s, naming the field, and creates nothing', async (_case, change, field) => {
    const before = await countRows(gatehouse(), ['users'])
    const res = await call(gatehouse(), 'POST', '/auth/signup', { body: { ...validBody(), ...change } })
    expectProblem(res, 400)
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field)
    expect(await countRows(gatehouse(), ['users'])).toEqual(before)
  })

  it.each(['email', 'password', 'name'])('answers 400 when %s is missing', async (missing) => {
    const body: Record<string, unknown> = validBody()
    delete body[missing]
    const res = await call(gatehouse(), 'POST', '/auth/signup', { body })
    expectProblem(res, 400)
    expect(res.body.errors).toContainEqual({ field: `body.${missing}`, message: expect.any(String) })
  })
})

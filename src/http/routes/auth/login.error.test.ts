import { expect, it } from 'vitest'
import { call, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { countRows } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('POST /auth/login: errors', (gatehouse) => {
  it('gives the same 401 for a wrong email and a wrong password, and opens no session', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const before = await countRows(gatehouse(), ['sessions'])
    const wrongEmail = await call(gatehouse(), 'POST', '/auth/login', {
      body: { email: `nobody-${user.email}`, password: user.password },
    })
    const wrongPassword = await call(gatehouse(), 'POST', '/auth/login', {
      body: { email: user.email, password: `${user.password}x` },
    })
    expectProblem(wrongEmail, 401)
    expectProblem(wrongPassword, 401)
    expect(wrongEmail.text).toBe(wrongPassword.text)
    expect(wrongEmail.headers['set-cookie']).toBeUndefined()
    expect(wrongPassword.headers['set-cookie']).toBeUndefined()
    expect(await countRows(gatehouse(), ['sessions'])).toEqual(before)
  })

  it('refuses the password of another account', async () => {
    const ann = await signUpAndLogIn(gatehouse(), 'Ann', { password: 'anns own passphrase' })
    const bob = await signUpAndLogIn(gatehouse(), 'Bob', { password: 'bobs own passphrase' })
    const res = await call(gatehouse(), 'POST', '/auth/login', {
      body: { email: ann.email, password: bob.password },
    })
    expectProblem(res, 401)
  })

  it.each([
    ['an empty password', { password: '' }, 'body.password'],
    ['a password of 257 characters', { password: 'p'.repeat(257) }, 'body.password'],
    ['a malformed email', { email: 'nope' }, 'body.email'],
    ['a number as password', { password: 12345678 }, 'body.password'],
    ['an unknown field', { remember: true }, 'body.remember'],
  ])('answers 400 for %s and opens no session', async (_case, change, field) => {
    const before = await countRows(gatehouse(), ['sessions'])
    const res = await call(gatehouse(), 'POST', '/auth/login', {
      body: { email: 'someone@example.test', password: 'whatever123', ...change },
    })
    expectProblem(res, 400)
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field)
    expect(await countRows(gatehouse(), ['sessions'])).toEqual(before)
  })

  it('answers 400 when a field is missing', async () => {
    const res = await call(gatehouse(), 'POST', '/auth/login', { body: { email: 'someone@example.test' } })
    expectProblem(res, 400)
    expect(res.body.errors).toContainEqual({ field: 'body.password', message: expect.any(String) })
  })
})

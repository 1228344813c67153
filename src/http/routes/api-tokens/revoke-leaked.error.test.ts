import { expect, it } from 'vitest'
import { call, expectProblem } from '../../../../test/support/api.ts'
import { countRows } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'
import { generateToken } from '../../../core/token.ts'

describeEachDatabase('POST /apiToken/revokeLeaked: errors', (gatehouse) => {
  it.each([
    ['an empty list', [], 'body'],
    ['an object instead of a list', { token: 'gtok_x' }, 'body'],
    ['101 entries', Array.from({ length: 101 }, () => ({ token: generateToken('api_token') })), 'body'],
    ['an entry without token', [{ url: 'https://x' }], 'body.0.token'],
    ['a token that is not text', [{ token: 42 }], 'body.0.token'],
    ['a token of 201 characters', [{ token: 'x'.repeat(201) }], 'body.0.token'],
  ])('answers 400 for %s and revokes nothing', async (_case, body, field) => {
    const before = await countRows(gatehouse())
    const res = await call(gatehouse(), 'POST', '/apiToken/revokeLeaked', { body })
    expectProblem(res, 400)
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContainEqual(
      expect.stringContaining(field),
    )
    expect(await countRows(gatehouse())).toEqual(before)
  })

  it('answers 415 for a body that is not JSON', async () => {
    const res = await call(gatehouse(), 'POST', '/apiToken/revokeLeaked', {
      body: 'gtok_x',
      headers: { 'content-type': 'text/plain' },
    })
    expectProblem(res, 415)
  })
})

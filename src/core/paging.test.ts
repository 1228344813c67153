import { describe, expect, it } from 'vitest'
import { GatehouseError } from './errors.ts'
import {
  decodeListCursor,
  encodeListCursor,
  LIST_PAGE_DEFAULT,
  pageLimitOf,
  pageRequestOf,
} from './paging.ts'

const scope = '7d1c2b1e-4f3a-4e55-9d7e-0a1b2c3d4e5f'
const id = '00000000-0000-4000-8000-000000000001'

function refusal(run: () => unknown): GatehouseError {
  try {
    run()
  } catch (error) {
    if (error instanceof GatehouseError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('list cursors', () => {
  it.each(['plain', 'a|b', 'quote " and \\ backslash', 'Café ☕ 名前', ' leading space', '[1,2]'])(
    'round-trips a name key %j unchanged',
    (key) => {
      const cursor = encodeListCursor({ list: 'projects', scope, key, id })
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/)
      expect(decodeListCursor(cursor, { list: 'projects', scope })).toEqual({
        list: 'projects',
        scope,
        key,
        id,
      })
    },
  )

  it('round-trips a time key with its microseconds', () => {
    const key = '2030-01-01T00:00:00.123456Z'
    const cursor = encodeListCursor({ list: 'api_tokens', scope, key, id })
    expect(decodeListCursor(cursor, { list: 'api_tokens', scope }).key).toBe(key)
  })

  it('refuses a cursor of another list or another scope, naming the cursor field', () => {
    const cursor = encodeListCursor({ list: 'projects', scope, key: 'p', id })
    for (const expected of [
      { list: 'environments' as const, scope },
      { list: 'projects' as const, scope: id },
    ]) {
      const error = refusal(() => decodeListCursor(cursor, expected))
      expect(error.reason).toBe('invalid_input')
      expect(error.message).toMatch(/another list/)
      expect(error.fieldErrors).toEqual([{ field: 'querystring.cursor', message: expect.any(String) }])
    }
  })

  it('refuses a time key on a time list that is not a real instant', () => {
    for (const key of ['2030-02-30T00:00:00.000000Z', '2030-01-01T00:00:00Z', 'p']) {
      const cursor = encodeListCursor({ list: 'members', scope, key, id })
      expect(refusal(() => decodeListCursor(cursor, { list: 'members', scope })).message).toMatch(/malformed/)
    }
  })
})

describe('page limits', () => {
  it('defaults, accepts 1 to 1000, refuses the rest', () => {
    expect(pageLimitOf(undefined)).toBe(LIST_PAGE_DEFAULT)
    expect(pageLimitOf(1)).toBe(1)
    expect(pageLimitOf(1000)).toBe(1000)
    for (const limit of [0, 1001, 1.5, Number.NaN, -1]) {
      expect(refusal(() => pageLimitOf(limit)).fieldErrors?.[0]?.field).toBe('querystring.limit')
    }
  })

  it('reads the limit of a query string as a number', () => {
    expect(pageRequestOf({ limit: '25', cursor: 'abc' })).toEqual({ limit: 25, cursor: 'abc' })
    expect(pageRequestOf({})).toEqual({ limit: undefined, cursor: undefined })
  })
})

import { protocol } from '@electric-sql/pglite'
import pgUtils from 'pg/lib/utils.js'
import { describe, expect, it } from 'vitest'
import { bindMessage } from './bind-message.ts'

/** PGlite's own Bind message: what the embedded database received before, and must still receive. */
function pgliteBind(statement: string, values: unknown[]): Uint8Array {
  return protocol.serialize.bind({ statement, values: values as never })
}

describe('the Bind message', () => {
  const pool = Buffer.from('0123456789abcdef0123456789abcdef0123456789')
  const cases: [string, string, unknown[]][] = [
    ['no parameters, unnamed statement', '', []],
    [
      'a prepared statement of text values',
      'gatehouse_0_12',
      ['8b41b7bb-1b11-47e7-9319-7e6193ee3bbc', 'tc-1', ''],
    ],
    ['nulls among them', 'gatehouse_3_7', [null, 'x', null]],
    ['text outside ASCII: accents, CJK, an emoji', 's', ['Zoë', '東京', '🔑 deploy', 'é'.normalize('NFD')]],
    ['bytes, from a Buffer', 's', [Buffer.from([0, 1, 2, 250, 255])]],
    // A slice of a larger buffer (as Node's pooled Buffers are): only its own bytes go.
    ['bytes, from a slice with an offset', 's', [pool.subarray(5, 37)]],
    ['a Uint8Array', 's', [new Uint8Array([9, 8, 7])]],
    [
      "node-postgres's conversions: dates, arrays, JSON, numbers, booleans",
      'gatehouse_1_1',
      [
        new Date('2026-12-06T22:00:00.000Z'),
        ['10.0.0.0/8', '::1/128'],
        { a: [1, 'two'] },
        42,
        1.5,
        true,
        false,
        undefined,
      ].map(pgUtils.prepareValue),
    ],
    ['a long value', 's', ['x'.repeat(70_000)]],
  ]
  for (const [what, statement, values] of cases) {
    it(`is byte for byte PGlite's: ${what}`, () => {
      expect(Buffer.from(bindMessage(statement, values))).toEqual(Buffer.from(pgliteBind(statement, values)))
    })
  }
})

import { crc32 } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  API_TOKEN_PATTERN,
  digestsEqual,
  digestToken,
  digestTokenHex,
  generateToken,
  isWellFormedToken,
  SESSION_TOKEN_PATTERN,
  tokenKindOf,
  tokenLength,
} from './token.ts'

describe('token format', () => {
  it('makes API tokens that match the published pattern and pass their own checksum', () => {
    for (let i = 0; i < 200; i++) {
      const token = generateToken('api_token')
      expect(token).toMatch(API_TOKEN_PATTERN)
      expect(isWellFormedToken(token, 'api_token')).toBe(true)
      expect(tokenKindOf(token)).toBe('api_token')
    }
  })

  it('makes session tokens with their own prefix, never accepted as API tokens', () => {
    const session = generateToken('session')
    expect(session).toMatch(SESSION_TOKEN_PATTERN)
    expect(isWellFormedToken(session, 'session')).toBe(true)
    expect(isWellFormedToken(session, 'api_token')).toBe(false)
    expect(tokenKindOf(session)).toBe('session')
  })

  it('never repeats a value (CSPRNG, 178 bits)', () => {
    const seen = new Set(Array.from({ length: 5000 }, () => generateToken('api_token')))
    expect(seen.size).toBe(5000)
  })

  it('uses the whole base62 alphabet in the random part', () => {
    const chars = new Set(Array.from({ length: 300 }, () => generateToken('api_token').slice(5, 35)).join(''))
    expect(chars.size).toBe(62)
  })

  it('refuses any single-character typo through the CRC32 checksum', () => {
    const token = generateToken('api_token')
    for (let i = 5; i < token.length; i++) {
      const replacement = token[i] === 'a' ? 'b' : 'a'
      const typo = token.slice(0, i) + replacement + token.slice(i + 1)
      expect(isWellFormedToken(typo, 'api_token')).toBe(false)
    }
  })

  it('refuses wrong lengths, prefixes and characters', () => {
    const token = generateToken('api_token')
    expect(isWellFormedToken(token.slice(0, -1), 'api_token')).toBe(false)
    expect(isWellFormedToken(`${token}x`, 'api_token')).toBe(false)
    expect(isWellFormedToken(token.replace('gtok_', 'gtoc_'), 'api_token')).toBe(false)
    expect(isWellFormedToken(`${token.slice(0, 10)}-${token.slice(11)}`, 'api_token')).toBe(false)
    expect(isWellFormedToken('', 'api_token')).toBe(false)
    expect(tokenKindOf('ghp_abcdef')).toBeUndefined()
  })

  it('states the length of each kind: prefix, 30 random characters, 6 of checksum', () => {
    // The length is checked before the digest, and the shape only on a cache miss (authenticate.ts).
    expect(tokenLength('api_token')).toBe(41)
    expect(tokenLength('session')).toBe(41)
    expect(generateToken('api_token')).toHaveLength(tokenLength('api_token'))
    expect(generateToken('session')).toHaveLength(tokenLength('session'))
  })

  it('digests with SHA-256 and compares digests exactly', () => {
    const token = generateToken('api_token')
    const digest = digestToken(token)
    expect(digest).toHaveLength(32)
    expect(digestsEqual(digest, digestToken(token))).toBe(true)
    expect(digestsEqual(digest, digestToken(generateToken('api_token')))).toBe(false)
    expect(digestsEqual(digest, digest.subarray(0, 31))).toBe(false)
  })
})

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** The checksum as the format's documentation states it, for a scanner to reimplement. */
function documentedChecksum(text: string): string {
  let value = crc32(text)
  let digits = ''
  for (let i = 0; i < 6; i++) {
    digits = BASE62.charAt(value % 62) + digits
    value = Math.floor(value / 62)
  }
  return digits
}

describe('token format, against known answers', () => {
  // Computed outside Gatehouse (Python's zlib.crc32), so a change of the format cannot go unseen.
  const knownApiToken = 'gtok_09AZaz0123456789abcdefghijklmn2kufbn'
  const knownSession = 'gses_09AZaz0123456789abcdefghijklmn2kcSqp'

  it('accepts tokens made by the documented checksum: CRC32 of prefix and random part, 6 base62 digits', () => {
    expect(isWellFormedToken(knownApiToken, 'api_token')).toBe(true)
    expect(isWellFormedToken(knownSession, 'session')).toBe(true)
    expect(isWellFormedToken(knownApiToken, 'session')).toBe(false)
    expect(knownApiToken).toMatch(API_TOKEN_PATTERN)
    expect(knownSession).toMatch(SESSION_TOKEN_PATTERN)
    for (let i = 0; i < 50; i++) {
      const token = generateToken('api_token')
      expect(token.slice(35)).toBe(documentedChecksum(token.slice(0, 35)))
    }
  })

  it('refuses a character outside base62 anywhere in the random part, even with a matching checksum', () => {
    const valid = '09AZaz0123456789abcdefghijklmn'
    for (const position of [0, 15, 29]) {
      for (const stranger of ['-', '_', ' ', 'é']) {
        const random = valid.slice(0, position) + stranger + valid.slice(position + 1)
        const token = `gtok_${random}${documentedChecksum(`gtok_${random}`)}`
        expect(isWellFormedToken(token, 'api_token'), JSON.stringify(token)).toBe(false)
      }
    }
  })

  it('draws every base62 character equally often (no modulo bias from bytes 248 to 255)', () => {
    const counts = new Map<string, number>()
    let total = 0
    for (let i = 0; i < 10_000; i++) {
      for (const char of generateToken('api_token').slice(5, 35)) {
        counts.set(char, (counts.get(char) ?? 0) + 1)
        total++
      }
    }
    // 300,000 draws: each character is expected 4,839 times, standard deviation 69. A biased
    // modulo gives '0' to '7' one chance in four more; 8% is over 5 deviations from fair.
    const expected = total / 62
    expect(counts.size).toBe(62)
    for (const [char, count] of counts) expect(Math.abs(count - expected) / expected, char).toBeLessThan(0.08)
  })

  it('digests with SHA-256 of the whole token, as bytes and as hex', () => {
    const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
    expect(digestToken('abc').toString('hex')).toBe(abc)
    expect(digestTokenHex('abc')).toBe(abc)
    expect(digestTokenHex(knownApiToken)).toBe(digestToken(knownApiToken).toString('hex'))
  })

  it('publishes patterns that find a token only as a whole word', () => {
    expect(`token=${knownApiToken};`).toMatch(API_TOKEN_PATTERN)
    expect(`x${knownApiToken}`).not.toMatch(API_TOKEN_PATTERN)
    expect(`${knownApiToken}x`).not.toMatch(API_TOKEN_PATTERN)
    expect(knownApiToken.slice(0, -1)).not.toMatch(API_TOKEN_PATTERN)
    expect(`${knownApiToken.slice(0, 20)}-${knownApiToken.slice(21)}`).not.toMatch(API_TOKEN_PATTERN)
    expect(`"${knownSession}"`).toMatch(SESSION_TOKEN_PATTERN)
    expect(`x${knownSession}`).not.toMatch(SESSION_TOKEN_PATTERN)
    expect(`${knownSession}x`).not.toMatch(SESSION_TOKEN_PATTERN)
    expect(knownSession.slice(0, -1)).not.toMatch(SESSION_TOKEN_PATTERN)
    expect(knownSession).not.toMatch(API_TOKEN_PATTERN)
    expect(knownApiToken).not.toMatch(SESSION_TOKEN_PATTERN)
  })
})

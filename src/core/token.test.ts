import { describe, expect, it } from 'vitest'
import {
  API_TOKEN_PATTERN,
  digestsEqual,
  digestToken,
  generateToken,
  isWellFormedToken,
  SESSION_TOKEN_PATTERN,
  tokenKindOf,
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

  it('digests with SHA-256 and compares digests exactly', () => {
    const token = generateToken('api_token')
    const digest = digestToken(token)
    expect(digest).toHaveLength(32)
    expect(digestsEqual(digest, digestToken(token))).toBe(true)
    expect(digestsEqual(digest, digestToken(generateToken('api_token')))).toBe(false)
    expect(digestsEqual(digest, digest.subarray(0, 31))).toBe(false)
  })
})

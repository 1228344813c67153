import { describe, expect, it } from 'vitest'
import { isGatehouseError } from './errors.ts'
import { checkChangedExpiry, checkNewExpiry, hasExpired, isStale, tokenStatus } from './token-lifecycle.ts'

const DAY = 24 * 3600 * 1000
const now = Date.parse('2030-06-01T12:00:00Z')
const at = (offsetMs: number) => new Date(now + offsetMs)

function refusal(check: () => void) {
  try {
    check()
  } catch (error) {
    if (isGatehouseError(error, 'invalid_input')) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('a token status', () => {
  it('is active without an expiry or with 7 days or more left, expiring_soon under 7 days, expired from its instant on', () => {
    expect(tokenStatus({ expiresAt: null, leakedAt: null }, now)).toBe('active')
    expect(tokenStatus({ expiresAt: at(7 * DAY), leakedAt: null }, now)).toBe('active')
    expect(tokenStatus({ expiresAt: at(7 * DAY - 1), leakedAt: null }, now)).toBe('expiring_soon')
    expect(tokenStatus({ expiresAt: at(1), leakedAt: null }, now)).toBe('expiring_soon')
    expect(tokenStatus({ expiresAt: at(0), leakedAt: null }, now)).toBe('expired')
    expect(tokenStatus({ expiresAt: at(-DAY), leakedAt: null }, now)).toBe('expired')
  })

  it('is revoked_leaked once reported, whatever its expiry', () => {
    expect(tokenStatus({ expiresAt: at(-DAY), leakedAt: at(-2 * DAY) }, now)).toBe('revoked_leaked')
    expect(tokenStatus({ expiresAt: null, leakedAt: at(0) }, now)).toBe('revoked_leaked')
  })

  it('refuses from the instant of expiry on', () => {
    expect(hasExpired(null, now)).toBe(false)
    expect(hasExpired(now + 1, now)).toBe(false)
    expect(hasExpired(now, now)).toBe(true)
  })

  it('is stale after 90 days without use, counted from its creation when never used', () => {
    expect(isStale({ lastUsedAt: null, createdAt: at(-90 * DAY) }, now)).toBe(true)
    expect(isStale({ lastUsedAt: null, createdAt: at(-90 * DAY + 1) }, now)).toBe(false)
    expect(isStale({ lastUsedAt: at(-89 * DAY), createdAt: at(-400 * DAY) }, now)).toBe(false)
    expect(isStale({ lastUsedAt: at(-91 * DAY), createdAt: at(-400 * DAY) }, now)).toBe(true)
  })
})

describe('a new expiry (creation, rotation)', () => {
  it('must be in the future', () => {
    expect(refusal(() => checkNewExpiry(at(0), null, now)).fieldErrors).toEqual([
      { field: 'body.expires_at', message: 'must be in the future' },
    ])
    expect(() => checkNewExpiry(at(1000), null, now)).not.toThrow()
    expect(() => checkNewExpiry(null, null, now)).not.toThrow()
  })

  it("with the organization's limit: is required and within it, the message naming the limit", () => {
    const missing = refusal(() => checkNewExpiry(null, 30, now))
    expect(missing.message).toContain('30 days')
    expect(missing.fieldErrors?.[0]?.message).toContain('30 days')
    const beyond = refusal(() => checkNewExpiry(at(31 * DAY), 30, now))
    expect(beyond.message).toContain('within 30 days')
    expect(refusal(() => checkNewExpiry(at(2 * DAY), 1, now)).message).toContain('within 1 day ')
    expect(() => checkNewExpiry(at(30 * DAY), 30, now)).not.toThrow()
    // A client that computed "30 days" a moment ago is not refused.
    expect(() => checkNewExpiry(at(30 * DAY + 30_000), 30, now)).not.toThrow()
  })
})

describe('a changed expiry (edit)', () => {
  it('may be brought forward freely, even beyond the limit it was made under', () => {
    expect(() => checkChangedExpiry(at(400 * DAY), at(200 * DAY), 30, now)).not.toThrow()
    expect(() => checkChangedExpiry(null, at(200 * DAY), 30, now)).not.toThrow()
  })

  it('may be pushed back, or removed, only within the limit counted from now', () => {
    expect(() => checkChangedExpiry(at(DAY), at(30 * DAY), 30, now)).not.toThrow()
    expect(refusal(() => checkChangedExpiry(at(DAY), at(31 * DAY), 30, now)).message).toContain('30 days')
    expect(refusal(() => checkChangedExpiry(at(DAY), null, 30, now)).message).toContain('30 days')
    expect(() => checkChangedExpiry(at(DAY), null, null, now)).not.toThrow()
  })

  it('must stay in the future', () => {
    expect(refusal(() => checkChangedExpiry(at(DAY), at(-1), null, now)).fieldErrors).toEqual([
      { field: 'body.expires_at', message: 'must be in the future' },
    ])
  })
})

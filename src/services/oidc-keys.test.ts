import { describe, expect, it } from 'vitest'
import { cacheLifetimeMs, DEFAULT_KEY_CACHE_MS, MAX_KEY_CACHE_MS } from './oidc-keys.ts'

describe("an issuer's keys are cached as its answer says, at most an hour", () => {
  it.each([
    [null, DEFAULT_KEY_CACHE_MS],
    ['public, max-age=300', 300_000],
    ['max-age=86400, must-revalidate', MAX_KEY_CACHE_MS],
    ['no-store', 0],
    ['no-cache, max-age=600', 0],
    ['public', DEFAULT_KEY_CACHE_MS],
    ['max-age=abc', DEFAULT_KEY_CACHE_MS],
  ])('Cache-Control %s: %i ms', (header, expected) => {
    expect(cacheLifetimeMs(header)).toBe(expected)
  })
})

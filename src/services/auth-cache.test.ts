import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Principal } from '../core/principal.ts'
import { AuthCache, decodeInvalidation, encodeInvalidation, type IssuedDigestsLoad } from './auth-cache.ts'

const principal: Principal = {
  kind: 'api_token',
  tokenId: 'token-1',
  name: 'ci',
  organizationId: 'org-1',
  roleId: 'role-1',
  roleName: 'devops',
  permissions: new Set(['organization:read', 'api_tokens:manage']),
}
const entry = (cachedAt: number, extra: { credentialExpiresAt?: number; dependsOn?: string[] } = {}) => ({
  principal,
  credentialExpiresAt: extra.credentialExpiresAt ?? 0,
  dependsOn: extra.dependsOn ?? ['token-1', 'org-1', 'role-1'],
  cachedAt,
})

/** A cache whose lease never ends: what the embedded database's bus grants. */
const trustedCache = (ttlMs: number, maxEntries?: number) => {
  const cache = new AuthCache(ttlMs, maxEntries)
  cache.trustUntil(Number.POSITIVE_INFINITY)
  return cache
}

describe('AuthCache', () => {
  it('serves an entry until its time to live runs out', () => {
    const cache = trustedCache(1000)
    cache.set('k', entry(0), cache.generation)
    expect(cache.get('k', 999)?.principal).toEqual(principal)
    expect(cache.get('k', 1000)).toBeUndefined()
  })

  it('never serves a credential past its own expiry', () => {
    const cache = trustedCache(60_000)
    cache.set('k', entry(0, { credentialExpiresAt: 500 }), cache.generation)
    expect(cache.get('k', 499)).toBeDefined()
    expect(cache.get('k', 500)).toBeUndefined()
  })

  it('evicts every entry depending on an invalidated id (token, organization, role)', () => {
    for (const id of ['token-1', 'org-1', 'role-1']) {
      const cache = trustedCache(60_000)
      cache.set('a', entry(0), cache.generation)
      cache.set('b', entry(0, { dependsOn: ['token-2', 'org-2'] }), cache.generation)
      cache.invalidate({ ids: [id] })
      expect(cache.get('a', 1)).toBeUndefined()
      expect(cache.get('b', 1)).toBeDefined()
    }
  })

  it('refuses to store a lookup that began before an invalidation (the revocation race)', () => {
    const cache = trustedCache(60_000)
    const generationAtLookup = cache.generation
    cache.invalidate({ ids: ['token-1'] }) // the token is deleted while its lookup is in flight
    cache.set('k', entry(0), generationAtLookup)
    expect(cache.get('k', 1)).toBeUndefined()
    cache.set('k', entry(0), cache.generation)
    expect(cache.get('k', 1)).toBeDefined()
  })

  it('clear() also voids lookups in flight', () => {
    const cache = trustedCache(60_000)
    const generationAtLookup = cache.generation
    cache.clear()
    cache.set('k', entry(0), generationAtLookup)
    expect(cache.size).toBe(0)
  })

  it('stores nothing when its time to live is 0, and drops the oldest entry when full', () => {
    const off = trustedCache(0)
    off.set('k', entry(0), off.generation)
    expect(off.size).toBe(0)
    const small = trustedCache(60_000, 2)
    small.set('a', entry(0), small.generation)
    small.set('b', entry(0), small.generation)
    small.set('c', entry(0), small.generation)
    expect(small.get('a', 1)).toBeUndefined()
    expect(small.get('c', 1)).toBeDefined()
    expect(small.size).toBe(2)
  })
})

describe('AuthCache under a lease', () => {
  /** A cache on a clock the test moves. */
  const leasedCache = () => {
    const clock = { now: 1000 }
    const cache = new AuthCache(60_000, 100, () => clock.now)
    return { cache, clock }
  }

  it('serves and stores nothing before its first lease', () => {
    const { cache } = leasedCache()
    expect(cache.trusted).toBe(false)
    cache.set('k', entry(0), cache.generation)
    expect(cache.size).toBe(0)
  })

  it('serves while the lease runs, and nothing from the moment it ends, without forgetting', () => {
    const { cache, clock } = leasedCache()
    cache.trustUntil(1500)
    cache.set('k', entry(0), cache.generation)
    clock.now = 1499
    expect(cache.get('k', 1)).toBeDefined()
    clock.now = 1500
    expect(cache.trusted).toBe(false)
    expect(cache.get('k', 1)).toBeUndefined()
    // A lookup made now is not stored: nothing proves that a revocation is not on its way.
    cache.set('other', entry(0), cache.generation)
    // A renewed lease on the same channel: every message sent before it has arrived, so what
    // survived them is good again.
    cache.trustUntil(2000)
    expect(cache.get('k', 1)).toBeDefined()
    expect(cache.get('other', 1)).toBeUndefined()
  })

  it('never shortens a lease: a late ping does not undo a later one', () => {
    const { cache, clock } = leasedCache()
    cache.trustUntil(2000)
    cache.trustUntil(1200)
    clock.now = 1800
    expect(cache.trusted).toBe(true)
  })

  it('forgets everything when messages may have been lost, and starts empty under the next lease', () => {
    const { cache } = leasedCache()
    cache.trustUntil(5000)
    cache.set('k', entry(0), cache.generation)
    const generationAtLookup = cache.generation
    cache.distrust()
    expect(cache.trusted).toBe(false)
    expect(cache.size).toBe(0)
    cache.set('k', entry(0), cache.generation)
    expect(cache.size).toBe(0)
    cache.trustUntil(5000)
    // A lookup that began before the gap may have read a credential revoked during it.
    cache.set('k', entry(0), generationAtLookup)
    expect(cache.size).toBe(0)
    cache.set('k', entry(0), cache.generation)
    expect(cache.get('k', 1)).toBeDefined()
  })
})

describe('invalidation messages', () => {
  it('round-trip, and anything malformed reads as undefined', () => {
    expect(decodeInvalidation(encodeInvalidation({ ids: ['a', 'b'] }))).toEqual({ ids: ['a', 'b'] })
    for (const bad of ['', 'not json', '{}', '{"ids":"a"}', '{"ids":[1]}', 'null']) {
      expect(decodeInvalidation(bad)).toBeUndefined()
    }
  })
})

describe('AuthCache: least recently used eviction', () => {
  it('keeps what is served and drops what is not, at its configured maximum', () => {
    const cache = trustedCache(60_000, 2)
    cache.set('a', entry(0), cache.generation)
    cache.set('b', entry(0), cache.generation)
    expect(cache.get('a', 1)).toBeDefined() // 'a' is now the most recently used
    cache.set('c', entry(0), cache.generation)
    expect(cache.get('b', 1)).toBeUndefined()
    expect(cache.get('a', 1)).toBeDefined()
    expect(cache.get('c', 1)).toBeDefined()
    expect(cache.size).toBe(2)
  })

  it('never evicts a credential served at least once per quarter of its maximum, however many others come', () => {
    const cache = trustedCache(60_000, 100)
    cache.set('hot', entry(0), cache.generation)
    for (let i = 0; i < 1000; i++) {
      cache.set(`cold-${i}`, entry(0), cache.generation)
      if (i % 25 === 0) expect(cache.get('hot', 1)).toBeDefined()
    }
    expect(cache.get('hot', 1)).toBeDefined()
    expect(cache.size).toBe(100)
    // What was not served is gone, oldest first.
    expect(cache.get('cold-0', 1)).toBeUndefined()
    expect(cache.get('cold-999', 1)).toBeDefined()
  })

  it('stores nothing at a maximum of 0, and a second set of one key takes no second place', () => {
    const none = trustedCache(60_000, 0)
    none.set('a', entry(0), none.generation)
    expect(none.size).toBe(0)
    const cache = trustedCache(60_000, 2)
    cache.set('a', entry(0), cache.generation)
    cache.set('a', entry(0), cache.generation)
    cache.set('b', entry(0), cache.generation)
    expect(cache.get('a', 1)).toBeDefined()
    expect(cache.size).toBe(2)
  })
})

describe('AuthCache: the filter of issued token digests', () => {
  /** Digests are SHA-256 in real life: the filter takes its probes from their bits. */
  const hex = (n: number) => createHash('sha256').update(String(n)).digest('hex')
  /** A cache on a clock the test moves, and the loads it asks for. */
  const withLoads = () => {
    const clock = { now: 1000 }
    const cache = new AuthCache(60_000, 100, () => clock.now)
    const loads: IssuedDigestsLoad[] = []
    cache.loadIssuedDigestsWith((load) => loads.push(load))
    return { cache, clock, loads }
  }

  it('asks for a load under its first lease, and refuses nothing before it is handed over', () => {
    const { cache, loads } = withLoads()
    expect(loads).toHaveLength(0)
    cache.trustUntil(5000)
    expect(loads).toHaveLength(1)
    cache.trustUntil(6000)
    expect(loads).toHaveLength(1) // never two at once
    expect(cache.mayBeIssued(hex(1))).toBe(true)
    expect(cache.filtering).toBe(false)
    const load = loads[0] as IssuedDigestsLoad
    load.expect(1)
    load.add(hex(1))
    expect(load.finish()).toBe(true)
    expect(cache.filtering).toBe(true)
    expect(cache.mayBeIssued(hex(1))).toBe(true)
    expect(cache.mayBeIssued(hex(2))).toBe(false)
  })

  it('keeps every digest announced while it loads, before and after the load is sized', () => {
    const { cache, loads } = withLoads()
    cache.trustUntil(5000)
    const load = loads[0] as IssuedDigestsLoad
    cache.invalidate({ ids: [], issued: [hex(1)] })
    load.expect(10)
    cache.invalidate({ ids: [], issued: [hex(2)] })
    load.finish()
    cache.invalidate({ ids: [], issued: [hex(3)] })
    for (const n of [1, 2, 3]) expect(cache.mayBeIssued(hex(n))).toBe(true)
    expect(cache.mayBeIssued(hex(4))).toBe(false)
  })

  it('an announcement voids no lookup in flight and evicts nothing', () => {
    const { cache } = withLoads()
    cache.trustUntil(5000)
    cache.set('k', entry(0), cache.generation)
    const generationAtLookup = cache.generation
    cache.invalidate({ ids: [], issued: [hex(1)] })
    cache.set('j', entry(0), generationAtLookup)
    expect(cache.get('k', 1)).toBeDefined()
    expect(cache.get('j', 1)).toBeDefined()
  })

  it('is not trusted when the cache is not: past the lease, and after a gap until loaded again', () => {
    const { cache, clock, loads } = withLoads()
    cache.trustUntil(5000)
    ;(loads[0] as IssuedDigestsLoad).finish()
    expect(cache.mayBeIssued(hex(1))).toBe(false)
    clock.now = 5000
    expect(cache.mayBeIssued(hex(1))).toBe(true)
    cache.trustUntil(9000)
    expect(cache.mayBeIssued(hex(1))).toBe(false)
    // Messages lost: a token issued meanwhile may be missing from the filter.
    cache.distrust()
    cache.trustUntil(20_000)
    expect(cache.mayBeIssued(hex(1))).toBe(true)
    expect(loads).toHaveLength(2)
    ;(loads[1] as IssuedDigestsLoad).finish()
    expect(cache.mayBeIssued(hex(1))).toBe(false)
  })

  it('a load that spans a gap is void, and another is asked for under the next lease', () => {
    const { cache, loads } = withLoads()
    cache.trustUntil(5000)
    const first = loads[0] as IssuedDigestsLoad
    cache.distrust()
    expect(first.active).toBe(false)
    expect(first.finish()).toBe(false)
    expect(cache.filtering).toBe(false)
    cache.trustUntil(6000)
    expect(loads).toHaveLength(2)
  })

  it('asks for a bigger filter once the one in use is full, and serves the full one meanwhile', () => {
    const { cache, loads } = withLoads()
    cache.trustUntil(5000)
    const first = loads[0] as IssuedDigestsLoad
    first.expect(0)
    first.finish()
    const digests = Array.from({ length: 65_537 }, (_, n) => hex(n))
    cache.addIssued(digests)
    expect(loads).toHaveLength(2)
    expect(cache.mayBeIssued(hex(65_536))).toBe(true)
    expect(cache.filtering).toBe(true)
  })
})

describe('invalidation messages announcing issued tokens', () => {
  it('round-trip, and a malformed list of digests reads as undefined', () => {
    const message = { ids: [], issued: ['ab'] }
    expect(decodeInvalidation(encodeInvalidation(message))).toEqual(message)
    expect(decodeInvalidation('{"ids":[],"issued":[1]}')).toBeUndefined()
    expect(decodeInvalidation('{"ids":[],"issued":"ab"}')).toBeUndefined()
  })
})

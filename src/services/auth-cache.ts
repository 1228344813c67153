import type { Principal } from '../core/principal.ts'

/**
 * Resolved credentials, keyed by token digest (hex), so that authentication is usually a CRC
 * check, one SHA-256 and a map lookup. Entries are dropped by invalidation messages that every
 * process receives through PostgreSQL NOTIFY, and in any case after `ttlMs`. The cache is served
 * only under a lease (store/bus.ts): while the channel those messages come through has proven
 * itself lately, so a channel that hangs silently turns the cache off within the lease.
 */
export interface CachedCredential {
  principal: Principal
  /** Absolute expiry of the credential itself (sessions), in ms since the epoch; 0 for none. */
  credentialExpiresAt: number
  /** Ids this entry depends on: deleting any of them must evict it. */
  dependsOn: string[]
  cachedAt: number
}

/** What an invalidation message names: any id an entry depends on (token, session, user, org). */
export interface Invalidation {
  ids: string[]
}

export class AuthCache {
  readonly #entries = new Map<string, CachedCredential>()
  readonly #ttlMs: number
  readonly #maxEntries: number
  /** Bumped by every invalidation: a lookup that started before one must not fill the cache. */
  #generation = 0
  /** The lease: until this moment on `#monotonicNow` the cache may be served. Past it, or before
   *  the first one, every lookup goes to the database, so a revocation made elsewhere is seen at
   *  once even when its message is stuck on the way. */
  #trustedUntil = 0
  /** Messages may have been missed since the last lease (the connection dropped). */
  #missedMessages = true
  readonly #monotonicNow: () => number

  /** `monotonicNow` is the clock leases are read on: performance.now(), which wall-clock changes
   *  do not move (the `now` of get and set is the wall clock credentials expire on). */
  constructor(ttlMs: number, maxEntries = 100_000, monotonicNow: () => number = () => performance.now()) {
    this.#ttlMs = ttlMs
    this.#maxEntries = maxEntries
    this.#monotonicNow = monotonicNow
  }

  get trusted(): boolean {
    return this.#monotonicNow() < this.#trustedUntil
  }

  get(digestHex: string, now: number): CachedCredential | undefined {
    if (!this.trusted) return undefined
    const entry = this.#entries.get(digestHex)
    if (!entry) return undefined
    const stale = now - entry.cachedAt >= this.#ttlMs
    const expired = entry.credentialExpiresAt !== 0 && entry.credentialExpiresAt <= now
    if (stale || expired) {
      this.#entries.delete(digestHex)
      return undefined
    }
    return entry
  }

  get generation(): number {
    return this.#generation
  }

  /** `generationAtLookup` is `generation` read before the database lookup began. */
  set(digestHex: string, entry: CachedCredential, generationAtLookup: number): void {
    if (!this.trusted || this.#ttlMs === 0 || generationAtLookup !== this.#generation) return
    if (this.#entries.size >= this.#maxEntries) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = this.#entries.keys().next().value
      if (oldest !== undefined) this.#entries.delete(oldest)
    }
    this.#entries.set(digestHex, entry)
  }

  /** Evicts every entry that depends on one of the ids. Rare (revocations), so a scan is fine. */
  invalidate(invalidation: Invalidation): void {
    this.#generation++
    const ids = new Set(invalidation.ids)
    for (const [key, entry] of this.#entries) {
      if (entry.dependsOn.some((id) => ids.has(id))) this.#entries.delete(key)
    }
  }

  clear(): void {
    this.#generation++
    this.#entries.clear()
  }

  /**
   * Every invalidation published before the lease was granted has been applied: serve the cache
   * until `until` (on the monotonic clock). Leases only grow. The first lease after missed
   * messages starts from an empty cache, and voids lookups that were in flight across the gap.
   */
  trustUntil(until: number): void {
    if (this.#missedMessages) {
      this.#missedMessages = false
      this.clear()
    }
    this.#trustedUntil = Math.max(this.#trustedUntil, until)
  }

  /** Invalidations may have been lost: forget everything and serve nothing until the next lease. */
  distrust(): void {
    this.#missedMessages = true
    this.#trustedUntil = 0
    this.clear()
  }

  get size(): number {
    return this.#entries.size
  }
}

export function encodeInvalidation(invalidation: Invalidation): string {
  return JSON.stringify(invalidation)
}

export function decodeInvalidation(payload: string): Invalidation | undefined {
  try {
    const value = JSON.parse(payload) as unknown
    if (
      typeof value === 'object' &&
      value !== null &&
      Array.isArray((value as Invalidation).ids) &&
      (value as Invalidation).ids.every((id) => typeof id === 'string')
    ) {
      return value as Invalidation
    }
  } catch {}
  return undefined
}

import type { Principal } from '../core/principal.ts'

/**
 * Resolved credentials, keyed by token digest (hex), so that authentication is usually a CRC
 * check, one SHA-256 and a map lookup. Entries are dropped by invalidation messages that every
 * process receives through PostgreSQL NOTIFY, and in any case after `ttlMs`.
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
  /** Off while invalidations cannot be heard (the LISTEN connection is down): every lookup then
   *  goes to the database, so a revocation made elsewhere is still seen at once. */
  #trusted = true

  constructor(ttlMs: number, maxEntries = 100_000) {
    this.#ttlMs = ttlMs
    this.#maxEntries = maxEntries
  }

  get(digestHex: string, now: number): CachedCredential | undefined {
    if (!this.#trusted) return undefined
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
    if (!this.#trusted || this.#ttlMs === 0 || generationAtLookup !== this.#generation) return
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

  /** Invalidations can (true) or cannot (false) be heard. Either way, what was cached is dropped. */
  setTrusted(trusted: boolean): void {
    this.#trusted = trusted
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

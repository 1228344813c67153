import type { Principal } from '../core/principal.ts'
import { DigestFilter } from './digest-filter.ts'
import type { PendingUse } from './last-use.ts'

/**
 * Resolved credentials, keyed by token digest (hex), so that authentication is usually a length
 * check, one SHA-256 and a map lookup. Entries are dropped by invalidation messages that every
 * process receives through PostgreSQL NOTIFY, and in any case after `ttlMs`; beyond `maxEntries`
 * the least recently used one goes. The cache is served only under a lease (store/bus.ts): while
 * the channel those messages come through has proven itself lately, so a channel that hangs
 * silently turns the cache off within the lease.
 *
 * Beside it, a filter of the digests of every API token issued (digest-filter.ts), loaded from
 * the database and kept current by the messages that announce new tokens: a token it has never
 * seen is refused without a database round trip. It answers "never issued" only under the same
 * lease, so it is never trusted when the cache is not.
 */
export interface CachedCredential {
  principal: Principal
  /** Absolute expiry of the credential itself (a session, a token's expiry, the end of a rotated
   *  value's grace period), in ms since the epoch; 0 for none. Past it the entry is not served. */
  credentialExpiresAt: number
  /** Ids this entry depends on: deleting any of them must evict it. */
  dependsOn: string[]
  cachedAt: number
  /** An API token's allowed addresses, checked on every request; absent: any address. */
  allowedFrom?: ((ip: string) => boolean) | undefined
  /** The token's uses not yet written, as the last request left them (last-use.ts): the next
   *  request's note then needs no lookup of its own. */
  lastUse?: PendingUse | undefined
  /** The cache's own: when the entry last took the newest place (see AuthCache.get). */
  place?: number
}

/** What an invalidation message names: any id an entry depends on (token, session, user, org),
 *  and the digests (hex) of API tokens just issued, for every process's filter. */
export interface Invalidation {
  ids: string[]
  issued?: string[]
}

/** Fewest digests a filter is sized for, and how much room it gets over what it is loaded with. */
const MIN_FILTER_CAPACITY = 65_536
const FILTER_HEADROOM = 2

export class AuthCache {
  readonly #entries = new Map<string, CachedCredential>()
  readonly #ttlMs: number
  readonly #maxEntries: number
  /** Counts the times an entry took the newest place (set, or moved there by get). */
  #places = 0
  /** Bumped by every invalidation: a lookup that started before one must not fill the cache. */
  #generation = 0
  /** The lease: until this moment on `#monotonicNow` the cache may be served. Past it, or before
   *  the first one, every lookup goes to the database, so a revocation made elsewhere is seen at
   *  once even when its message is stuck on the way. */
  #trustedUntil = 0
  /** Messages may have been missed since the last lease (the connection dropped). */
  #missedMessages = true
  readonly #monotonicNow: () => number
  /** Digests of the API tokens issued, once loaded; undefined before, and after messages may
   *  have been lost (a token issued during the gap would be missing from it). */
  #issued: DigestFilter | undefined
  /** A filter being filled from the database; a gap in the messages voids it. */
  #loading: IssuedDigestsLoad | undefined
  #needsIssuedDigests: ((load: IssuedDigestsLoad) => void) | undefined

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

  /** Lookups served from the cache, and lookups that went to the database (for the metrics:
   *  plain counters, read at scrape time, so the request path pays an increment). */
  hits = 0
  misses = 0

  get(digestHex: string, now: number): CachedCredential | undefined {
    const entry = this.trusted ? this.#entries.get(digestHex) : undefined
    if (!entry) {
      this.misses++
      return undefined
    }
    const stale = now - entry.cachedAt >= this.#ttlMs
    const expired = entry.credentialExpiresAt !== 0 && entry.credentialExpiresAt <= now
    if (stale || expired) {
      this.#entries.delete(digestHex)
      this.misses++
      return undefined
    }
    // Maps iterate in insertion order: moved to the end, it is the last to be evicted. An entry
    // that took the newest place less than a quarter of the cache ago stays where it is: it is
    // among the newest quarter, far from eviction, and a hit then costs one map lookup, not three.
    if (this.#places - (entry.place ?? 0) > this.#maxEntries / 4) {
      this.#entries.delete(digestHex)
      this.#entries.set(digestHex, entry)
      entry.place = ++this.#places
    }
    this.hits++
    return entry
  }

  get generation(): number {
    return this.#generation
  }

  /** `generationAtLookup` is `generation` read before the database lookup began. */
  set(digestHex: string, entry: CachedCredential, generationAtLookup: number): void {
    if (!this.trusted || this.#ttlMs === 0 || generationAtLookup !== this.#generation) return
    this.#entries.delete(digestHex)
    if (this.#entries.size >= this.#maxEntries) {
      // Maps iterate in insertion order, and `get` moves what it serves to the end: the first
      // key is the least recently used.
      const oldest = this.#entries.keys().next().value
      if (oldest !== undefined) this.#entries.delete(oldest)
    }
    if (this.#maxEntries > 0) {
      this.#entries.set(digestHex, entry)
      entry.place = ++this.#places
    }
  }

  /** Evicts every entry that depends on one of the ids. Rare (revocations), so a scan is fine.
   *  Issued digests join the filter; a message that only announces them evicts nothing and
   *  voids no lookup in flight (token creations are frequent, revocations are not). */
  invalidate(invalidation: Invalidation): void {
    if (invalidation.issued) this.addIssued(invalidation.issued)
    if (invalidation.ids.length === 0) return
    this.#generation++
    const ids = new Set(invalidation.ids)
    for (const [key, entry] of this.#entries) {
      if (entry.dependsOn.some((id) => ids.has(id))) this.#entries.delete(key)
    }
  }

  /**
   * False only when the API token with this digest was certainly never issued: the filter is
   * loaded, and the lease proves that every announcement of a new token made before it has been
   * applied. True means "look it up".
   */
  mayBeIssued(digestHex: string): boolean {
    if (!this.#issued || !this.trusted) return true
    return this.#issued.mayContain(digestHex)
  }

  /** Whether unknown tokens are being refused from the filter (loaded and under a lease). */
  get filtering(): boolean {
    return this.#issued !== undefined && this.trusted
  }

  /** Digests of API tokens just issued (by this process or, through a message, another). */
  addIssued(digestsHex: readonly string[]): void {
    for (const digest of digestsHex) {
      this.#issued?.add(digest)
      this.#loading?.add(digest)
    }
    // Full: still right, but refusing fewer unknown tokens; a bigger one is loaded meanwhile.
    if (this.#issued && this.#issued.count > this.#issued.capacity) this.#requestIssuedDigests()
  }

  /**
   * `load` fills a filter from the database and hands it over (see IssuedDigestsLoad). Called
   * now if the cache already wants one, then whenever it does: under its first lease, under the
   * first lease after a gap in the messages, and when the filter is full. Never twice at once.
   */
  loadIssuedDigestsWith(load: (into: IssuedDigestsLoad) => void): void {
    this.#needsIssuedDigests = load
    if (this.trusted && !this.#issued) this.#requestIssuedDigests()
  }

  #requestIssuedDigests(): void {
    if (this.#loading || !this.#needsIssuedDigests) return
    const load = new IssuedDigestsLoad(
      (filter) => {
        if (this.#loading !== load) return false
        this.#loading = undefined
        this.#issued = filter
        return true
      },
      () => {
        if (this.#loading === load) this.#loading = undefined
      },
    )
    this.#loading = load
    this.#needsIssuedDigests(load)
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
    // Loaded only now: a load started after the messages resumed misses nothing issued meanwhile.
    if (!this.#issued && this.trusted) this.#requestIssuedDigests()
  }

  /** Invalidations may have been lost: forget everything and serve nothing until the next lease.
   *  The filter may lack tokens issued during the gap: it is dropped, and loaded again. */
  distrust(): void {
    this.#missedMessages = true
    this.#trustedUntil = 0
    this.#issued = undefined
    this.#loading?.abandon()
    this.clear()
  }

  get size(): number {
    return this.#entries.size
  }
}

/**
 * One filling of the filter of issued digests. The loader calls `expect` with about how many
 * there are (to size the filter), `add` for each digest read, then `finish`; or `abandon` if the
 * database fails. Whatever is announced while it runs is added too, so a load made of several
 * queries, each after it began, misses no token: one issued before the load began is in every
 * query's snapshot, one issued after is announced to it.
 */
export class IssuedDigestsLoad {
  #filter: DigestFilter | undefined
  /** Announced before `expect`. */
  #early: string[] = []
  #done = false
  readonly #handOver: (filter: DigestFilter) => boolean
  readonly #drop: () => void

  constructor(handOver: (filter: DigestFilter) => boolean, drop: () => void) {
    this.#handOver = handOver
    this.#drop = drop
  }

  /** False once the load no longer counts (abandoned, or voided by a gap in the messages). */
  get active(): boolean {
    return !this.#done
  }

  expect(count: number): void {
    this.#filter ??= new DigestFilter(Math.max(MIN_FILTER_CAPACITY, count * FILTER_HEADROOM))
    for (const digest of this.#early) this.#filter.add(digest)
    this.#early = []
  }

  add(digestHex: string): void {
    if (this.#done) return
    if (this.#filter) this.#filter.add(digestHex)
    else this.#early.push(digestHex)
  }

  /** True if the filter is now in use. */
  finish(): boolean {
    if (this.#done) return false
    this.#done = true
    this.expect(0)
    return this.#handOver(this.#filter as DigestFilter)
  }

  abandon(): void {
    if (this.#done) return
    this.#done = true
    this.#drop()
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
      (value as Invalidation).ids.every((id) => typeof id === 'string') &&
      isOptionalStringArray((value as Invalidation).issued)
    ) {
      return value as Invalidation
    }
  } catch {}
  return undefined
}

function isOptionalStringArray(value: unknown): boolean {
  return value === undefined || (Array.isArray(value) && value.every((item) => typeof item === 'string'))
}

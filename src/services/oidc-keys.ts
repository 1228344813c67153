import { createLocalJWKSet, errors, type JSONWebKeySet, type JWSHeaderParameters } from 'jose'
import { isLoopbackHost } from '../config.ts'

/** Cache-Control: max-age is obeyed up to this; an issuer cannot make us keep a key longer. */
export const MAX_KEY_CACHE_MS = 3600_000
/** When an answer says nothing about caching. */
export const DEFAULT_KEY_CACHE_MS = 600_000
/** An unknown `kid` refetches the keys at most this often per issuer, whoever sends such tokens. */
export const UNKNOWN_KEY_REFRESH_COOLDOWN_MS = 10_000
/** Discovery documents and key sets are small; anything larger is not one. */
const MAX_DOCUMENT_BYTES = 512 * 1024

/** The issuer's keys could not be had: down, slow, not JSON, or not what discovery promises. */
export class IssuerUnavailableError extends Error {}

type KeySelector = ReturnType<typeof createLocalJWKSet>

interface CachedKeys {
  select: KeySelector
  fetchedAtMs: number
  expiresAtMs: number
}

/**
 * The signing keys of the issuers the operator allows, found through each issuer's
 * `/.well-known/openid-configuration` and cached as their answers' Cache-Control says (at most an
 * hour). An ID token signed with a key not in the cache refetches the keys once (at most every
 * UNKNOWN_KEY_REFRESH_COOLDOWN_MS), which is how a rotation at the issuer is picked up. Every fetch
 * has a timeout and follows no redirect. Only issuers from GATEHOUSE_OIDC_ISSUERS ever reach here:
 * the exchange checks `iss` against that list before asking for keys.
 */
export class IssuerKeys {
  readonly #timeoutMs: number
  readonly #now: () => Date
  readonly #cache = new Map<string, CachedKeys>()
  readonly #inFlight = new Map<string, Promise<CachedKeys>>()

  constructor(options: { timeoutMs: number; now: () => Date }) {
    this.#timeoutMs = options.timeoutMs
    this.#now = options.now
  }

  /** A key resolver for jose's jwtVerify, for tokens of `issuer`. */
  resolverFor(issuer: string): (header: JWSHeaderParameters) => Promise<CryptoKey> {
    return async (header) => {
      let keys = await this.#current(issuer)
      try {
        return (await keys.select(header)) as CryptoKey
      } catch (error) {
        if (!(error instanceof errors.JWKSNoMatchingKey)) throw error
        if (this.#nowMs() - keys.fetchedAtMs < UNKNOWN_KEY_REFRESH_COOLDOWN_MS) throw error
        keys = await this.#fetch(issuer)
        return (await keys.select(header)) as CryptoKey
      }
    }
  }

  #nowMs(): number {
    return this.#now().getTime()
  }

  async #current(issuer: string): Promise<CachedKeys> {
    const cached = this.#cache.get(issuer)
    if (cached && cached.expiresAtMs > this.#nowMs()) return cached
    return this.#fetch(issuer)
  }

  /** One fetch per issuer at a time: concurrent exchanges wait for the same answer. */
  #fetch(issuer: string): Promise<CachedKeys> {
    const running = this.#inFlight.get(issuer)
    if (running) return running
    const fetching = this.#discoverAndFetch(issuer).finally(() => this.#inFlight.delete(issuer))
    this.#inFlight.set(issuer, fetching)
    return fetching
  }

  async #discoverAndFetch(issuer: string): Promise<CachedKeys> {
    const discovery = await this.#getJson(`${issuer}/.well-known/openid-configuration`)
    const document = discovery.body as { issuer?: unknown; jwks_uri?: unknown }
    if (document.issuer !== issuer) {
      throw new IssuerUnavailableError(`the discovery document of ${issuer} names another issuer`)
    }
    const jwksUri = typeof document.jwks_uri === 'string' ? document.jwks_uri : ''
    if (!isFetchable(jwksUri, issuer)) {
      throw new IssuerUnavailableError(`the discovery document of ${issuer} has no usable jwks_uri`)
    }
    const fetchedAtMs = this.#nowMs()
    const jwks = await this.#getJson(jwksUri)
    const keys = jwks.body as JSONWebKeySet
    if (!Array.isArray(keys?.keys)) throw new IssuerUnavailableError(`the keys of ${issuer} are not a JWKS`)
    const entry = {
      select: createLocalJWKSet(keys),
      fetchedAtMs,
      expiresAtMs: fetchedAtMs + Math.min(discovery.maxAgeMs, jwks.maxAgeMs),
    }
    this.#cache.set(issuer, entry)
    return entry
  }

  async #getJson(url: string): Promise<{ body: unknown; maxAgeMs: number }> {
    let response: Response
    let text: string
    try {
      response = await fetch(url, {
        redirect: 'error',
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.#timeoutMs),
      })
      // The signal covers the body too: a server that sends headers and then stalls is cut off.
      text = await response.text()
    } catch (error) {
      throw new IssuerUnavailableError(`${url} could not be fetched: ${(error as Error).message}`)
    }
    if (!response.ok) throw new IssuerUnavailableError(`${url} answered ${response.status}`)
    if (text.length > MAX_DOCUMENT_BYTES) throw new IssuerUnavailableError(`${url} answered too much`)
    try {
      return { body: JSON.parse(text), maxAgeMs: cacheLifetimeMs(response.headers.get('cache-control')) }
    } catch {
      throw new IssuerUnavailableError(`${url} did not answer JSON`)
    }
  }
}

/** How long an answer may be kept: its max-age, none for no-store/no-cache, at most an hour. */
export function cacheLifetimeMs(cacheControl: string | null): number {
  if (!cacheControl) return DEFAULT_KEY_CACHE_MS
  const directives = cacheControl
    .toLowerCase()
    .split(',')
    .map((part) => part.trim())
  if (directives.some((d) => d === 'no-store' || d === 'no-cache')) return 0
  const maxAge = directives.map((d) => /^max-age=(\d+)$/.exec(d)?.[1]).find((v) => v !== undefined)
  if (maxAge === undefined) return DEFAULT_KEY_CACHE_MS
  return Math.min(Number(maxAge) * 1000, MAX_KEY_CACHE_MS)
}

/**
 * The keys' URL from a discovery document: HTTPS, or plain HTTP on loopback when the issuer
 * itself is a loopback issuer the operator listed (a test issuer).
 */
function isFetchable(url: string, issuer: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.protocol === 'https:') return true
  return (
    parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname) && isLoopbackHost(new URL(issuer).hostname)
  )
}

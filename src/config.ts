import { isIP } from 'node:net'
import { resolve } from 'node:path'

export type LogFormat = 'pretty' | 'json'

/** Environment variables, parsed and checked once at start-up. */
export interface Config {
  host: string
  port: number
  /** Where a browser reaches this server; used for invitation links. */
  publicUrl: string
  databaseUrl: string | undefined
  dataDir: string
  /** The longest any wait on PostgreSQL may last (a connection, a statement, an answer): past
   *  it the request answers 503 database_unavailable instead of hanging. */
  databaseTimeoutMs: number
  logLevel: string
  /** `pretty`: short lines for a person at a terminal; `json`: one JSON object a line (pino). */
  logFormat: LogFormat
  sessionTtlSeconds: number
  /** A pending invitation not accepted within this many days expires. */
  invitationTtlDays: number
  /** Failed authentications allowed per client address per window before 429. */
  authFailureLimit: number
  authFailureWindowSeconds: number
  /** Accounts one client address may create per minute (each costs a slow password hash). */
  signupLimitPerMinute: number
  /** Sign-ins, right or wrong, one client address may attempt per minute (each costs a slow hash). */
  loginLimitPerMinute: number
  /** Leak reports (POST /apiToken/revokeLeaked, open to anyone) one client address may send per minute. */
  leakReportLimitPerMinute: number
  /** How long a resolved credential may be served from memory before it is looked up again. */
  authCacheTtlSeconds: number
  /** Credentials kept in memory at most; beyond it the least recently used is forgotten. */
  authCacheMaxEntries: number
  /**
   * Which proxies' X-Forwarded-* headers to believe: false (none), a number of hops (the address
   * the farthest of them saw), or their addresses and CIDR ranges.
   */
  trustProxy: TrustProxy
  bodyLimitBytes: number
  /** A client must send its whole request (headers and body) within this time, or gets 408. */
  requestTimeoutSeconds: number
  /** An idle keep-alive connection is closed after this time (above a load balancer's own). */
  keepAliveTimeoutSeconds: number
  /** Connections held open at once; beyond it new ones are refused at once, not queued. */
  maxConnections: number
  /** How often expired sessions and old invitations are deleted. */
  purgeIntervalSeconds: number
  /**
   * The OIDC issuers whose ID tokens trusts may accept (GATEHOUSE_OIDC_ISSUERS): the only URLs the
   * server ever fetches keys from, whatever an organization's admin writes in a trust.
   */
  oidcIssuers: string[]
  /** The longest one fetch of an issuer's discovery document or keys may take. */
  oidcFetchTimeoutMs: number
  /** Webhooks may be sent to loopback and private addresses (tests, or receivers inside a
   *  private network the operator trusts); off, such URLs are refused after DNS. */
  webhookAllowPrivate: boolean
  /** `GET /api/metrics` is served only with this bearer token (unset: not served there). */
  metricsToken: string | undefined
  /** A second listener on 127.0.0.1 serving only /metrics, without a token (unset: none). */
  metricsPort: number | undefined
}

/** A setting that cannot be used; the message names it and says what it accepts. */
export class ConfigError extends Error {}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']
export const LOG_FORMATS: LogFormat[] = ['pretty', 'json']
/** A few seconds: a request on a hung database answers 503 within twice this (a free
 *  connection, then the statement), well inside a load balancer's patience. */
export const DEFAULT_DATABASE_TIMEOUT_MS = 3000

/**
 * `stdoutIsTerminal` decides the default log format: a person at a terminal reads short lines,
 * a log collector reads JSON.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  { stdoutIsTerminal = process.stdout.isTTY === true }: { stdoutIsTerminal?: boolean } = {},
): Config {
  const host = env.HOST || '127.0.0.1'
  const port = integer(env, 'PORT', 8080, 0, 65535)
  return {
    host,
    port,
    publicUrl: (
      env.GATEHOUSE_PUBLIC_URL ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`
    ).replace(/\/$/, ''),
    databaseUrl: databaseUrl(env),
    dataDir: resolve(env.GATEHOUSE_DATA_DIR || '.gatehouse'),
    databaseTimeoutMs: integer(
      env,
      'GATEHOUSE_DATABASE_TIMEOUT_MS',
      DEFAULT_DATABASE_TIMEOUT_MS,
      1000,
      300_000,
    ),
    logLevel: oneOf(env, 'LOG_LEVEL', 'info', LOG_LEVELS),
    logFormat: oneOf(env, 'LOG_FORMAT', stdoutIsTerminal ? 'pretty' : 'json', LOG_FORMATS),
    sessionTtlSeconds: integer(env, 'GATEHOUSE_SESSION_TTL_SECONDS', 14 * 24 * 3600, 60, 365 * 24 * 3600),
    invitationTtlDays: integer(env, 'GATEHOUSE_INVITATION_TTL_DAYS', 7, 1, 365),
    authFailureLimit: integer(env, 'GATEHOUSE_AUTH_FAILURE_LIMIT', 30, 1, 1_000_000_000),
    authFailureWindowSeconds: integer(env, 'GATEHOUSE_AUTH_FAILURE_WINDOW_SECONDS', 60, 1, 86400),
    signupLimitPerMinute: integer(env, 'GATEHOUSE_SIGNUP_LIMIT_PER_MINUTE', 10, 1, 1_000_000_000),
    loginLimitPerMinute: integer(env, 'GATEHOUSE_LOGIN_LIMIT_PER_MINUTE', 30, 1, 1_000_000_000),
    leakReportLimitPerMinute: integer(env, 'GATEHOUSE_LEAK_REPORT_LIMIT_PER_MINUTE', 30, 1, 1_000_000_000),
    authCacheTtlSeconds: integer(env, 'GATEHOUSE_AUTH_CACHE_TTL_SECONDS', 300, 0, 86400),
    authCacheMaxEntries: integer(env, 'GATEHOUSE_AUTH_CACHE_MAX_ENTRIES', 100_000, 0, 10_000_000),
    trustProxy: trustProxy(env, 'GATEHOUSE_TRUST_PROXY'),
    bodyLimitBytes: integer(env, 'GATEHOUSE_BODY_LIMIT_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
    requestTimeoutSeconds: integer(env, 'GATEHOUSE_REQUEST_TIMEOUT_SECONDS', 30, 1, 3600),
    keepAliveTimeoutSeconds: integer(env, 'GATEHOUSE_KEEP_ALIVE_TIMEOUT_SECONDS', 72, 1, 3600),
    maxConnections: integer(env, 'GATEHOUSE_MAX_CONNECTIONS', 4096, 16, 1_000_000),
    purgeIntervalSeconds: integer(env, 'GATEHOUSE_PURGE_INTERVAL_SECONDS', 600, 1, 86400),
    oidcIssuers: oidcIssuers(env, 'GATEHOUSE_OIDC_ISSUERS'),
    oidcFetchTimeoutMs: integer(env, 'GATEHOUSE_OIDC_FETCH_TIMEOUT_MS', 5000, 100, 60_000),
    webhookAllowPrivate: boolean(env, 'GATEHOUSE_WEBHOOK_ALLOW_PRIVATE', false),
    metricsToken: metricsToken(env, 'GATEHOUSE_METRICS_TOKEN'),
    metricsPort:
      env.GATEHOUSE_METRICS_PORT === undefined || env.GATEHOUSE_METRICS_PORT === ''
        ? undefined
        : integer(env, 'GATEHOUSE_METRICS_PORT', 0, 0, 65535),
  }
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  const word = raw.trim().toLowerCase()
  if (TRUE_WORDS.includes(word)) return true
  if (FALSE_WORDS.includes(word)) return false
  throw new ConfigError(`${name} must be true or false (or 1/0, yes/no), got "${raw}"`)
}

/** A bearer token for the metrics: long enough not to be guessed, and sendable in a header. */
function metricsToken(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]
  if (raw === undefined || raw === '') return undefined
  if (!/^[\x21-\x7e]{16,256}$/.test(raw)) {
    // The value is a secret: the message never repeats it.
    throw new ConfigError(`${name} must be 16 to 256 printable characters without spaces`)
  }
  return raw
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!/^\s*[+-]?\d+\s*$/.test(raw) || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`)
  }
  return value
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, fallback: T, allowed: T[]): T {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!allowed.includes(raw as T))
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`)
  return raw as T
}

/** `true`/`false`, and the `1`/`0`, `yes`/`no` people also write (any case). */
const TRUE_WORDS = ['true', '1', 'yes']
const FALSE_WORDS = ['false', '0', 'no']

/** No proxy; the number of proxy hops in front of us; or the proxies' addresses and CIDR ranges. */
export type TrustProxy = false | number | string[]

/** proxy-addr's names for the loopback and private ranges, which Fastify accepts too. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal']

/**
 * `false` (and 0/no): X-Forwarded-* are ignored. A number of hops: the client is the address the
 * farthest of that many proxies saw. `true` (and yes) means 1: the nearest proxy only, never the
 * left end of X-Forwarded-For, which the client writes itself. Addresses and CIDR ranges
 * (comma-separated): proxies connecting from them are believed, and the client is the first
 * address, from the right, that is not one of them.
 */
function trustProxy(env: NodeJS.ProcessEnv, name: string): TrustProxy {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return false
  const word = raw.trim().toLowerCase()
  if (FALSE_WORDS.includes(word)) return false
  if (TRUE_WORDS.includes(word)) return 1
  if (/^\d+$/.test(word) && Number(word) <= 100) return Number(word)
  const entries = word.split(',').map((entry) => entry.trim())
  if (entries.every((entry) => PROXY_RANGE_NAMES.includes(entry) || isAddressOrRange(entry))) return entries
  throw new ConfigError(
    `${name} must be true or false (or 1/0, yes/no), a number of proxy hops, or the proxies' addresses or CIDR ranges separated by commas (10.0.0.0/8,::1), got "${raw}"`,
  )
}

/** An IPv4 or IPv6 address, with or without a /prefix of the right length. */
function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/')
  const version = isIP(address)
  if (version === 0 || rest.length > 0) return false
  if (prefix === undefined) return true
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128)
}

/** GitHub Actions' and gitlab.com's issuers: what most CI runs on. */
export const DEFAULT_OIDC_ISSUERS = ['https://token.actions.githubusercontent.com', 'https://gitlab.com']

/**
 * Comma-separated issuer URLs, compared exactly with an ID token's `iss` (a trailing slash is
 * dropped, as issuers write theirs without). HTTPS only, except loopback addresses, which the
 * operator may list for a local issuer (the tests run one); `none` turns Trusted CI off.
 */
function oidcIssuers(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return [...DEFAULT_OIDC_ISSUERS]
  if (raw.trim().toLowerCase() === 'none') return []
  const issuers = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
  for (const issuer of issuers) {
    let url: URL | undefined
    try {
      url = new URL(issuer)
    } catch {}
    const loopback = url !== undefined && isLoopbackHost(url.hostname)
    if (
      !url ||
      !(url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) ||
      url.search ||
      url.hash ||
      url.username ||
      url.password
    ) {
      throw new ConfigError(
        `${name} must list issuer URLs separated by commas, each https:// (http:// only for a loopback address such as http://127.0.0.1:9000), without query or fragment, or be none; got "${issuer}"`,
      )
    }
  }
  return [...new Set(issuers.map((issuer) => issuer.replace(/\/+$/, '')))]
}

/** 127.0.0.0/8, ::1 and localhost: a local issuer, reachable by nobody else. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '')
  if (host === 'localhost' || host === '::1') return true
  return isIP(host) === 4 && host.startsWith('127.')
}

/**
 * Only the form is checked here (the server is reached later): `localhost:5432` or a `mysql://`
 * URL would otherwise fail deep inside the driver with a message that names nothing.
 */
function databaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.DATABASE_URL
  if (raw === undefined || raw.trim() === '') return undefined
  const expected = 'a postgres:// or postgresql:// URL such as postgres://user:password@host:5432/database'
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    throw new ConfigError(`DATABASE_URL must be ${expected}, got "${withoutPassword(raw)}"`)
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(
      `DATABASE_URL must be ${expected}, got "${withoutPassword(raw)}" (no postgres:// scheme)`,
    )
  }
  if (!url.hostname && !url.searchParams.has('host')) {
    throw new ConfigError(`DATABASE_URL must name a host, as in postgres://user:password@host:5432/database`)
  }
  return raw.trim()
}

/** A URL or URL-like text fit for a message: the password, wherever it is, becomes `***`. */
export function withoutPassword(text: string): string {
  return text
    .replace(/^([^@/]*\/\/)?([^:@/]*):.*@/, (_all, scheme = '', user) => `${scheme}${user}:***@`)
    .replace(/([?&]password=)[^&]*/gi, '$1***')
}

/** Where DATABASE_URL points, as `host:port` (the default port is PostgreSQL's). */
export function databaseAddress(databaseUrl: string): string {
  const url = new URL(databaseUrl)
  const host = url.hostname || url.searchParams.get('host') || 'localhost'
  return `${host}:${url.port || '5432'}`
}

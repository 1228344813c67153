import { resolve } from 'node:path'

/** Environment variables, parsed and checked once at start-up. */
export interface Config {
  host: string
  port: number
  /** Where a browser reaches this server; used for invitation links. */
  publicUrl: string
  databaseUrl: string | undefined
  dataDir: string
  logLevel: string
  sessionTtlSeconds: number
  /** A pending invitation not accepted within this many days expires. */
  invitationTtlDays: number
  /** Failed authentications allowed per client address per window before 429. */
  authFailureLimit: number
  authFailureWindowSeconds: number
  /** Accounts one client address may create per minute (each costs a slow password hash). */
  signupLimitPerMinute: number
  /** How long a resolved credential may be served from memory before it is looked up again. */
  authCacheTtlSeconds: number
  trustProxy: boolean
  bodyLimitBytes: number
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const host = env.HOST ?? '127.0.0.1'
  const port = integer(env, 'PORT', 8080, 0, 65535)
  return {
    host,
    port,
    publicUrl: (
      env.GATEHOUSE_PUBLIC_URL ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`
    ).replace(/\/$/, ''),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.GATEHOUSE_DATA_DIR ?? '.gatehouse'),
    logLevel: oneOf(env, 'LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    sessionTtlSeconds: integer(env, 'GATEHOUSE_SESSION_TTL_SECONDS', 14 * 24 * 3600, 60, 365 * 24 * 3600),
    invitationTtlDays: integer(env, 'GATEHOUSE_INVITATION_TTL_DAYS', 7, 1, 365),
    authFailureLimit: integer(env, 'GATEHOUSE_AUTH_FAILURE_LIMIT', 30, 1, 1_000_000_000),
    authFailureWindowSeconds: integer(env, 'GATEHOUSE_AUTH_FAILURE_WINDOW_SECONDS', 60, 1, 86400),
    signupLimitPerMinute: integer(env, 'GATEHOUSE_SIGNUP_LIMIT_PER_MINUTE', 10, 1, 1_000_000_000),
    authCacheTtlSeconds: integer(env, 'GATEHOUSE_AUTH_CACHE_TTL_SECONDS', 300, 0, 86400),
    trustProxy: env.GATEHOUSE_TRUST_PROXY === 'true',
    bodyLimitBytes: integer(env, 'GATEHOUSE_BODY_LIMIT_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
  }
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`)
  }
  return value
}

function oneOf(env: NodeJS.ProcessEnv, name: string, fallback: string, allowed: string[]): string {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!allowed.includes(raw))
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`)
  return raw
}

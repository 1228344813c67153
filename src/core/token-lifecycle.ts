import { GatehouseError } from './errors.ts'

/**
 * The rules of a token's life, pure: its status, whether it is stale, and which expiries an
 * organization's limit allows. Times are milliseconds since the epoch, read from the clock the
 * caller was given.
 */
export const tokenStatuses = ['active', 'expiring_soon', 'expired', 'revoked_leaked'] as const
export type TokenStatus = (typeof tokenStatuses)[number]

const DAY_MS = 24 * 3600 * 1000
/** Under this much time left, a token is `expiring_soon` (and the console says so). */
export const EXPIRING_SOON_MS = 7 * DAY_MS
/** Unused for this long (or never used since created this long ago), a token is `stale`. */
export const STALE_AFTER_MS = 90 * DAY_MS
/** The longest grace a rotation may give the old value: a week. */
export const MAX_GRACE_PERIOD_SECONDS = 7 * 24 * 3600
/** The bounds of an organization's api_token_max_lifetime_days. */
export const MAX_LIFETIME_DAYS_LIMIT = 3650

export interface TokenLifeFacts {
  expiresAt: Date | null
  leakedAt: Date | null
}

export function tokenStatus(token: TokenLifeFacts, nowMs: number): TokenStatus {
  if (token.leakedAt) return 'revoked_leaked'
  if (token.expiresAt === null) return 'active'
  const left = token.expiresAt.getTime() - nowMs
  if (left <= 0) return 'expired'
  return left < EXPIRING_SOON_MS ? 'expiring_soon' : 'active'
}

export function isStale(token: { lastUsedAt: Date | null; createdAt: Date }, nowMs: number): boolean {
  return nowMs - (token.lastUsedAt ?? token.createdAt).getTime() >= STALE_AFTER_MS
}

/** Is the token refused from `nowMs` on for its expiry? The instant of expiry itself is refused. */
export function hasExpired(expiresAtMs: number | null, nowMs: number): boolean {
  return expiresAtMs !== null && expiresAtMs <= nowMs
}

/**
 * An expiry given at creation or rotation: in the future, and within the organization's limit
 * (null: none). With a limit, no expiry at all is refused too. The message names the limit.
 */
export function checkNewExpiry(
  expiresAt: Date | null,
  maxLifetimeDays: number | null,
  nowMs: number,
  field = 'body.expires_at',
): void {
  if (expiresAt !== null && expiresAt.getTime() <= nowMs) {
    throw expiryProblem(field, 'must be in the future', 'The expiry must be in the future.')
  }
  checkWithinLimit(expiresAt, maxLifetimeDays, nowMs, field)
}

/**
 * An expiry changed by an edit: shortening is always allowed (still in the future); lengthening,
 * or removing it, only within the organization's limit counted from now.
 */
export function checkChangedExpiry(
  current: Date | null,
  next: Date | null,
  maxLifetimeDays: number | null,
  nowMs: number,
  field = 'body.expires_at',
): void {
  if (next !== null && next.getTime() <= nowMs) {
    throw expiryProblem(
      field,
      'must be in the future',
      'The expiry must be in the future (delete the token to stop it now).',
    )
  }
  const shortens = next !== null && (current === null || next.getTime() <= current.getTime())
  if (!shortens) checkWithinLimit(next, maxLifetimeDays, nowMs, field)
}

function checkWithinLimit(
  expiresAt: Date | null,
  maxLifetimeDays: number | null,
  nowMs: number,
  field: string,
) {
  if (maxLifetimeDays === null) return
  const limit = `${maxLifetimeDays} day${maxLifetimeDays === 1 ? '' : 's'}`
  if (expiresAt === null) {
    throw expiryProblem(
      field,
      `is required: this organization's tokens must expire within ${limit}`,
      `This organization's tokens must expire within ${limit} (api_token_max_lifetime_days): give an expires_at.`,
    )
  }
  // A minute of slack: "30 days" computed by a client a moment ago must not be refused.
  if (expiresAt.getTime() > nowMs + maxLifetimeDays * DAY_MS + 60_000) {
    throw expiryProblem(
      field,
      `must be within ${limit} from now (the organization's api_token_max_lifetime_days)`,
      `This organization's tokens must expire within ${limit} (api_token_max_lifetime_days); ${expiresAt.toISOString()} is beyond that.`,
    )
  }
}

function expiryProblem(field: string, message: string, detail: string): GatehouseError {
  return new GatehouseError('invalid_input', detail, { fieldErrors: [{ field, message }] })
}

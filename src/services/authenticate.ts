import { addressMatcher } from '../core/cidr.ts'
import type { AuthFailure } from '../core/errors.ts'
import { toPermissionSet } from '../core/permissions.ts'
import type { Principal } from '../core/principal.ts'
import {
  API_TOKEN_PREFIX,
  digestsEqual,
  digestTokenHex,
  isWellFormedToken,
  SESSION_TOKEN_PREFIX,
  tokenKindOf,
  tokenLength,
} from '../core/token.ts'
import type { CachedCredential } from './auth-cache.ts'
import type { Deps } from './deps.ts'
import { grantsOfRole, projectGrantsFrom } from './project-grants.ts'
import { type PresentedFrom, recordExpiryOnce, recordRefusedAddress } from './token-events.ts'

/** A refused credential: one answer on the wire for every reason; the metrics tell them apart. */
export interface Refusal {
  refused: AuthFailure
}

const REFUSED: Record<AuthFailure, Refusal> = {
  unknown: Object.freeze({ refused: 'unknown' }),
  expired: Object.freeze({ refused: 'expired' }),
  revoked: Object.freeze({ refused: 'revoked' }),
  refused_address: Object.freeze({ refused: 'refused_address' }),
}

export type Authentication = Principal | Refusal

export function isRefusal<T extends object>(outcome: T | Refusal): outcome is Refusal {
  return 'refused' in outcome
}

/**
 * Turns a presented secret into a Principal, or a Refusal. Cost in the common case: prefix and
 * length check, one SHA-256, one map lookup, and for an API token an address check when it has an
 * allow list and a last-use note in memory. The answer is synchronous whenever it needs no
 * database (a cached credential, a malformed secret, a token never issued), and a refusal makes
 * no Error: a guesser's requests cost neither a promise nor a stack trace.
 */
export function authenticate(
  deps: Deps,
  secret: string,
  via: 'bearer' | 'cookie' | 'token',
  from: PresentedFrom = { ip: '', userAgent: '', origin: 'api' },
  /** The request's clock reading, when the caller has one already (the auth hook does). */
  nowMs = deps.now().getTime(),
): Authentication | Promise<Authentication> {
  const kind = tokenKindOf(secret)
  // The scheme and the prefix must agree: a session is never accepted as "Token", nor the reverse.
  const expected = via === 'token' ? 'api_token' : 'session'
  if (kind !== expected || secret.length !== tokenLength(kind)) return REFUSED.unknown

  const key = digestTokenHex(secret)
  const cached = deps.authCache.get(key, nowMs)
  // A cached digest is one of an issued secret, so its shape and checksum need no second look:
  // they are checked (a regular expression and a CRC, more than the digest costs) on a miss only.
  if (cached) return admit(deps, cached, via, from, nowMs)
  if (!isWellFormedToken(secret, kind)) return REFUSED.unknown
  // A token never issued (a guess with a valid checksum) is refused without a database round trip.
  if (kind === 'api_token' && !deps.authCache.mayBeIssued(key)) return REFUSED.unknown
  return lookUp(deps, kind, key, via, from, nowMs)
}

/** A credential the cache does not hold: read from the database, then cached. */
async function lookUp(
  deps: Deps,
  kind: 'api_token' | 'session',
  key: string,
  via: 'bearer' | 'cookie' | 'token',
  from: PresentedFrom,
  nowMs: number,
): Promise<Authentication> {
  const generation = deps.authCache.generation
  const digest = Buffer.from(key, 'hex')
  const found =
    kind === 'api_token'
      ? await lookupApiToken(deps, digest, nowMs, from)
      : await lookupSession(deps, digest, nowMs)
  if (isRefusal(found)) return found
  const entry: CachedCredential = { ...found, cachedAt: nowMs }
  deps.authCache.set(key, entry, generation)
  return admit(deps, entry, via, from, nowMs)
}

/** The checks made on every request, cached or not: a token's allowed addresses, and its last use. */
function admit(
  deps: Deps,
  credential: CachedCredential,
  via: 'bearer' | 'cookie' | 'token',
  from: PresentedFrom,
  nowMs: number,
): Authentication | Promise<Authentication> {
  const principal = credential.principal
  if (principal.kind !== 'api_token') return withVia(principal, via)
  if (credential.allowedFrom && !credential.allowedFrom(from.ip)) {
    const token = { id: principal.tokenId, name: principal.name, organizationId: principal.organizationId }
    // The refusal stands whether or not its record could be written.
    return recordRefusedAddress(deps, token, from, nowMs).then(
      () => REFUSED.refused_address,
      () => REFUSED.refused_address,
    )
  }
  credential.lastUse = deps.lastUse.record(principal.tokenId, from.ip, nowMs, credential.lastUse)
  return principal
}

/**
 * A word for a caller who sent a secret under the other scheme: an API token as Bearer, or a
 * session as Token. Said from the prefix alone, before any lookup, so it is the same for a live
 * token and an unknown one and tells nothing about which tokens exist.
 */
export function wrongSchemeHint(secret: string, via: 'bearer' | 'cookie' | 'token'): string | undefined {
  const kind = tokenKindOf(secret)
  if (via === 'bearer' && kind === 'api_token')
    return `API tokens are sent as 'Authorization: Token ${API_TOKEN_PREFIX}…'.`
  if (via === 'token' && kind === 'session')
    return `Sessions are sent as 'Authorization: Bearer ${SESSION_TOKEN_PREFIX}…'.`
  return undefined
}

function withVia(principal: Principal, via: 'bearer' | 'cookie' | 'token'): Principal {
  if (principal.kind !== 'user') return principal
  const userVia = via === 'cookie' ? 'cookie' : 'bearer'
  return principal.via === userVia ? principal : { ...principal, via: userVia }
}

/**
 * A token by the digest of its current value, or of the value its last rotation replaced while
 * that one's grace period lasts. Refused: a token reported leaked, and an expired one (whose
 * expiry the audit trail then records, once). The cached entry ends when the value does.
 */
async function lookupApiToken(
  deps: Deps,
  digest: Buffer,
  nowMs: number,
  from: PresentedFrom,
): Promise<Omit<CachedCredential, 'cachedAt'> | Refusal> {
  const row = await deps.db
    .selectFrom('api_tokens')
    .innerJoin('roles', 'roles.id', 'api_tokens.role_id')
    .select((eb) => [
      'api_tokens.id',
      'api_tokens.name',
      'api_tokens.organization_id',
      'api_tokens.role_id',
      'api_tokens.token_digest',
      'api_tokens.previous_token_digest',
      'api_tokens.previous_expires_at',
      'api_tokens.expires_at',
      'api_tokens.expiry_recorded_at',
      'api_tokens.leaked_at',
      'api_tokens.allowed_cidrs',
      'roles.name as role_name',
      'roles.kind as role_kind',
      'roles.permissions',
      // A custom role's grants travel with the credential: its requests need no query for them.
      grantsOfRole(eb).as('grants'),
    ])
    .where((eb) =>
      eb.or([
        eb('api_tokens.token_digest', '=', digest),
        eb('api_tokens.previous_token_digest', '=', digest),
      ]),
    )
    .executeTakeFirst()
  if (!row) return REFUSED.unknown
  const current = digestsEqual(row.token_digest, digest)
  const previous =
    !current && row.previous_token_digest !== null && digestsEqual(row.previous_token_digest, digest)
  if (!current && !previous) return REFUSED.unknown
  if (row.leaked_at) return REFUSED.revoked
  const expiresAt = row.expires_at?.getTime() ?? 0
  if (row.expires_at && expiresAt <= nowMs) {
    if (!row.expiry_recorded_at) {
      const token = {
        id: row.id,
        name: row.name,
        organizationId: row.organization_id,
        expiresAt: row.expires_at,
      }
      await recordExpiryOnce(deps, token, from).catch(() => {})
    }
    return REFUSED.expired
  }
  // The replaced value lives until its grace period ends (or the token expires, if sooner).
  let credentialExpiresAt = expiresAt
  if (previous) {
    const graceEnds = row.previous_expires_at?.getTime() ?? 0
    if (graceEnds <= nowMs) return REFUSED.expired
    credentialExpiresAt = expiresAt === 0 ? graceEnds : Math.min(expiresAt, graceEnds)
  }
  const principal: Principal = {
    kind: 'api_token',
    tokenId: row.id,
    name: row.name,
    organizationId: row.organization_id,
    roleId: row.role_id,
    roleName: row.role_name,
    permissions: toPermissionSet(row.permissions),
    projects: row.role_kind === 'custom' ? projectGrantsFrom(row.grants) : undefined,
  }
  return {
    principal,
    credentialExpiresAt,
    // A change to the role (its grants, its deletion) evicts the entry like a token deletion does.
    dependsOn: [row.id, row.organization_id, row.role_id],
    allowedFrom: addressMatcher(row.allowed_cidrs),
  }
}

async function lookupSession(
  deps: Deps,
  digest: Buffer,
  nowMs: number,
): Promise<Omit<CachedCredential, 'cachedAt'> | Refusal> {
  const row = await deps.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id',
      'sessions.token_digest',
      'sessions.expires_at',
      'users.id as user_id',
      'users.email',
      'users.name',
    ])
    .where('sessions.token_digest', '=', digest)
    .executeTakeFirst()
  if (!row || !digestsEqual(row.token_digest, digest)) return REFUSED.unknown
  if (row.expires_at.getTime() <= nowMs) return REFUSED.expired
  const principal: Principal = {
    kind: 'user',
    userId: row.user_id,
    sessionId: row.id,
    email: row.email,
    name: row.name,
    via: 'bearer',
  }
  return { principal, credentialExpiresAt: row.expires_at.getTime(), dependsOn: [row.id, row.user_id] }
}

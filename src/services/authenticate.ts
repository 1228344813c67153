import { unauthenticated } from '../core/errors.ts'
import { toPermissionSet } from '../core/permissions.ts'
import type { Principal } from '../core/principal.ts'
import {
  API_TOKEN_PREFIX,
  digestsEqual,
  digestTokenHex,
  isWellFormedToken,
  SESSION_TOKEN_PREFIX,
  tokenKindOf,
} from '../core/token.ts'
import type { Deps } from './deps.ts'
import { grantsOfRole, projectGrantsFrom } from './project-grants.ts'

/**
 * Turns a presented secret into a Principal, or throws `unauthenticated` (one error for every
 * reason). Cost in the common case: prefix and CRC check, one SHA-256, one map lookup.
 */
export async function authenticate(
  deps: Deps,
  secret: string,
  via: 'bearer' | 'cookie' | 'token',
): Promise<Principal> {
  const kind = tokenKindOf(secret)
  // The scheme and the prefix must agree: a session is never accepted as "Token", nor the reverse.
  const expected = via === 'token' ? 'api_token' : 'session'
  if (kind !== expected || !isWellFormedToken(secret, kind)) throw unauthenticated()

  const key = digestTokenHex(secret)
  const nowMs = deps.now().getTime()
  const cached = deps.authCache.get(key, nowMs)
  if (cached) return withVia(cached.principal, via)
  // A token never issued (a guess with a valid checksum) is refused without a database round trip.
  if (kind === 'api_token' && !deps.authCache.mayBeIssued(key)) throw unauthenticated()

  const generation = deps.authCache.generation
  const digest = Buffer.from(key, 'hex')
  const found =
    kind === 'api_token' ? await lookupApiToken(deps, digest) : await lookupSession(deps, digest, nowMs)
  if (!found) throw unauthenticated()
  deps.authCache.set(key, { ...found, cachedAt: nowMs }, generation)
  return withVia(found.principal, via)
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

async function lookupApiToken(deps: Deps, digest: Buffer) {
  const row = await deps.db
    .selectFrom('api_tokens')
    .innerJoin('roles', 'roles.id', 'api_tokens.role_id')
    .select((eb) => [
      'api_tokens.id',
      'api_tokens.name',
      'api_tokens.organization_id',
      'api_tokens.role_id',
      'api_tokens.token_digest',
      'api_tokens.expires_at',
      'roles.name as role_name',
      'roles.kind as role_kind',
      'roles.permissions',
      // A custom role's grants travel with the credential: its requests need no query for them.
      grantsOfRole(eb).as('grants'),
    ])
    .where('api_tokens.token_digest', '=', digest)
    .executeTakeFirst()
  if (!row || !digestsEqual(row.token_digest, digest)) return undefined
  if (row.expires_at && row.expires_at.getTime() <= deps.now().getTime()) return undefined
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
    credentialExpiresAt: row.expires_at?.getTime() ?? 0,
    // A change to the role (its grants, its deletion) evicts the entry like a token deletion does.
    dependsOn: [row.id, row.organization_id, row.role_id],
  }
}

async function lookupSession(deps: Deps, digest: Buffer, nowMs: number) {
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
  if (!row || !digestsEqual(row.token_digest, digest) || row.expires_at.getTime() <= nowMs) return undefined
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

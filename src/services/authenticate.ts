import type { Kysely } from 'kysely'
import { unauthenticated } from '../core/errors.ts'
import type { Principal } from '../core/principal.ts'
import { digestsEqual, digestTokenHex, isWellFormedToken, tokenKindOf } from '../core/token.ts'
import type { Database } from '../store/schema.ts'
import { encodeInvalidation } from './auth-cache.ts'
import type { Deps } from './deps.ts'

const DELIVERY_TIMEOUT_MS = 2000

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

  const generation = deps.authCache.generation
  const digest = Buffer.from(key, 'hex')
  const found =
    kind === 'api_token' ? await lookupApiToken(deps, digest) : await lookupSession(deps, digest, nowMs)
  if (!found) throw unauthenticated()
  deps.authCache.set(key, { ...found, cachedAt: nowMs }, generation)
  return withVia(found.principal, via)
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
    .select([
      'api_tokens.id',
      'api_tokens.name',
      'api_tokens.organization_id',
      'api_tokens.role_id',
      'api_tokens.token_digest',
      'api_tokens.expires_at',
      'roles.name as role_name',
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
  }
  return {
    principal,
    credentialExpiresAt: row.expires_at?.getTime() ?? 0,
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

/**
 * Runs `change` in a transaction that also tells every process to forget the credentials that
 * depend on the ids it returns. This process forgets them as soon as the transaction commits, and
 * the caller gets its answer only once every other listening process has confirmed it did too:
 * the very next request is refused everywhere.
 */
export async function changeAndInvalidate<T>(
  deps: Deps,
  change: (trx: Kysely<Database>) => Promise<{ value: T; invalidate: string[] }>,
): Promise<T> {
  let messageId: string | undefined
  const { value, invalidate } = await deps.db.transaction().execute(async (trx) => {
    const outcome = await change(trx)
    if (outcome.invalidate.length > 0) {
      messageId = await deps.store.publish(trx, encodeInvalidation({ ids: outcome.invalidate }))
    }
    return outcome
  })
  if (invalidate.length > 0) deps.authCache.invalidate({ ids: invalidate })
  // Answer only once every other process has evicted too (bounded: a hung process must not hang us).
  if (messageId) await deps.store.delivered(messageId, DELIVERY_TIMEOUT_MS)
  return value
}

import type { Kysely } from 'kysely'
import { GatehouseError, nameTaken, notFound, roleEscalation } from '../core/errors.ts'
import { isAssignableToToken, mayGrant } from '../core/permissions.ts'
import type { RequestContext } from '../core/principal.ts'
import { actorOf } from '../core/principal.ts'
import { refuseSecretsInText } from '../core/secrets.ts'
import { digestToken, generateToken } from '../core/token.ts'
import type { Database } from '../store/schema.ts'
import { recordAudit } from './audit.ts'
import { changeAndInvalidate } from './authenticate.ts'
import { authorize, authorizeInTransaction } from './authorize.ts'
import { isUniqueViolation } from './db-errors.ts'
import type { Deps } from './deps.ts'
import { findRoleOfOrganization } from './roles.ts'
import { containsPattern } from './sql-patterns.ts'

export interface ApiTokenSummary {
  id: string
  created_at: Date
  updated_at: Date
  name: string
  description: string
  role_id: string
  role_name: string
  creator_name: string
}

/** The only shape that ever carries the secret: the answer to a creation, once. */
export interface CreatedApiToken extends Omit<ApiTokenSummary, 'creator_name'> {
  token: string
}

export interface CreateApiTokenInput {
  name: string
  description?: string | undefined
  /** null (or absent) means the organization's admin role, as Qovery's tokens had. */
  role_id?: string | null | undefined
}

export async function createApiToken(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  input: CreateApiTokenInput,
): Promise<CreatedApiToken> {
  // Strangers and forbidden roles are refused before any transaction; the checks that matter are
  // made again inside it, on locked rows, so that a concurrent demotion or deletion is seen.
  await authorize(deps.db, ctx.principal, organizationId, 'api_tokens:manage')
  refuseSecretsInText({ name: input.name, description: input.description ?? '' })
  const token = generateToken('api_token')
  const creator = actorOf(ctx.principal)
  const name = input.name.trim()
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const current = await authorizeInTransaction(
        trx,
        ctx.principal,
        organizationId,
        'api_tokens:manage',
        'share',
      )
      const role = await findGrantableRole(trx, organizationId, input.role_id ?? null)
      refuseEscalation(current.roleName, role.name)
      const row = await trx
        .insertInto('api_tokens')
        .values({
          organization_id: organizationId,
          name,
          description: input.description ?? '',
          role_id: role.id,
          token_digest: digestToken(token),
          creator_type: creator.type,
          creator_id: creator.id,
          creator_name: creator.name,
        })
        .returning(['id', 'created_at', 'updated_at', 'name', 'description', 'role_id'])
        .executeTakeFirstOrThrow()
      await recordAudit(trx, ctx, {
        organizationId,
        action: 'api_token.created',
        target: { type: 'api_token', id: row.id, name: row.name },
        details: { role_name: role.name },
      })
      return { ...row, role_name: role.name, token }
    })
  } catch (error) {
    if (isUniqueViolation(error))
      throw nameTaken(`An API token named "${name}" already exists in this organization.`)
    throw error
  }
}

export async function listApiTokens(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  filter: { name?: string | undefined; creatorName?: string | undefined },
): Promise<ApiTokenSummary[]> {
  await authorize(deps.db, ctx.principal, organizationId, 'api_tokens:manage')
  let query = deps.db
    .selectFrom('api_tokens')
    .innerJoin('roles', 'roles.id', 'api_tokens.role_id')
    .select([
      'api_tokens.id',
      'api_tokens.created_at',
      'api_tokens.updated_at',
      'api_tokens.name',
      'api_tokens.description',
      'api_tokens.role_id',
      'roles.name as role_name',
      'api_tokens.creator_name',
    ])
    .where('api_tokens.organization_id', '=', organizationId)
    .orderBy('api_tokens.created_at', 'desc')
    .orderBy('api_tokens.id')
  if (filter.name) query = query.where('api_tokens.name', 'ilike', containsPattern(filter.name))
  if (filter.creatorName)
    query = query.where('api_tokens.creator_name', 'ilike', containsPattern(filter.creatorName))
  return query.execute()
}

/** Deletes the token; the very next request made with it is refused, on every process. */
export async function deleteApiToken(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  apiTokenId: string,
): Promise<void> {
  await authorize(deps.db, ctx.principal, organizationId, 'api_tokens:manage')
  await changeAndInvalidate(deps, async (trx) => {
    const deleted = await trx
      .deleteFrom('api_tokens')
      .where('id', '=', apiTokenId)
      .where('organization_id', '=', organizationId)
      .returning(['id', 'name'])
      .executeTakeFirst()
    if (!deleted) throw notFound('API token')
    await recordAudit(trx, ctx, {
      organizationId,
      action: 'api_token.deleted',
      target: { type: 'api_token', id: deleted.id, name: deleted.name },
    })
    return { value: undefined, invalidate: [deleted.id] }
  })
}

/** No escalation: a token's role may allow nothing beyond its creator's own. */
function refuseEscalation(creatorRoleName: string, tokenRoleName: string): void {
  if (!mayGrant(creatorRoleName, tokenRoleName)) {
    throw roleEscalation(
      `Your role "${creatorRoleName}" cannot create a token with the more powerful role "${tokenRoleName}".`,
    )
  }
}

async function findGrantableRole(db: Kysely<Database>, organizationId: string, roleId: string | null) {
  const role = await findRoleOfOrganization(
    db,
    organizationId,
    roleId === null ? { name: 'admin' } : { id: roleId },
  )
  if (!isAssignableToToken(role.name)) {
    throw new GatehouseError('role_not_assignable', 'The owner role cannot be given to an API token.', {
      fieldErrors: [{ field: 'body.role_id', message: 'the owner role cannot be given to an API token' }],
    })
  }
  return role
}

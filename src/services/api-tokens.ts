import { nameTaken, notFound } from '../core/errors.ts'
import { normalizeName, refuseDirectionControls } from '../core/names.ts'
import type { Page, PageRequest } from '../core/paging.ts'
import { actorOf, type RequestContext } from '../core/principal.ts'
import { DEFAULT_TOKEN_ROLE } from '../core/roles.ts'
import { refuseSecretsInText } from '../core/secrets.ts'
import { digestToken, generateToken } from '../core/token.ts'
import type { ApiTokenOrigin } from '../store/schema.ts'
import { authorize } from './authorize.ts'
import type { Deps } from './deps.ts'
import { readPage } from './paging.ts'
import { findGrantableRole } from './roles.ts'
import { containsPattern } from './sql-patterns.ts'
import { withOrganization } from './write-path.ts'

export interface ApiTokenSummary {
  id: string
  created_at: Date
  updated_at: Date
  name: string
  description: string
  role_id: string
  role_name: string
  creator_name: string
  origin: ApiTokenOrigin
}

/** The only shape that ever carries the secret: the answer to a creation, once. */
export interface CreatedApiToken extends Omit<ApiTokenSummary, 'creator_name' | 'origin'> {
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
  const token = generateToken('api_token')
  const creator = actorOf(ctx.principal)
  // Checked inside, once the caller is known to be allowed; the same value either way.
  const name = input.name.normalize('NFC').trim()
  return withOrganization(
    deps,
    ctx,
    organizationId,
    'api_tokens:manage',
    {
      lock: 'share',
      onDuplicate: () => nameTaken(`An API token named "${name}" already exists in this organization.`),
    },
    async (trx, access) => {
      refuseSecretsInText({ name: input.name, description: input.description ?? '' })
      normalizeName('name', input.name)
      refuseDirectionControls({ description: input.description })
      // Looked up after the organization row is locked: a role of an organization deleted
      // meanwhile is a 404 (the organization), not a 400 (the role).
      const roleId = input.role_id ?? null
      const role = await findGrantableRole(
        trx,
        organizationId,
        roleId === null ? { builtIn: DEFAULT_TOKEN_ROLE } : { id: roleId },
        access,
        { article: 'an API token', short: 'a token' },
      )
      const digest = digestToken(token)
      const row = await trx
        .insertInto('api_tokens')
        .values({
          organization_id: organizationId,
          name,
          description: input.description ?? '',
          role_id: role.id,
          token_digest: digest,
          creator_type: creator.type,
          creator_id: creator.id,
          creator_name: creator.name,
        })
        .returning(['id', 'created_at', 'updated_at', 'name', 'description', 'role_id'])
        .executeTakeFirstOrThrow()
      return {
        value: { ...row, role_name: role.name, token },
        audit: {
          action: 'api_token.created',
          target: { type: 'api_token', id: row.id, name: row.name },
          details: { role_name: role.name },
        },
        issued: [digest.toString('hex')],
      }
    },
  )
}

/** Newest first, a page at a time (see readPage). */
export async function listApiTokens(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  filter: { name?: string | undefined; creatorName?: string | undefined } & PageRequest,
): Promise<Page<ApiTokenSummary>> {
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
      'api_tokens.origin',
    ])
    .where('api_tokens.organization_id', '=', organizationId)
  if (filter.name) query = query.where('api_tokens.name', 'ilike', containsPattern(filter.name))
  if (filter.creatorName)
    query = query.where('api_tokens.creator_name', 'ilike', containsPattern(filter.creatorName))
  return readPage(
    query,
    {
      list: 'api_tokens',
      scope: organizationId,
      sortColumn: 'api_tokens.created_at',
      idColumn: 'api_tokens.id',
      direction: 'desc',
    },
    filter,
  )
}

/** Deletes the token; the very next request made with it is refused, on every process. */
export async function deleteApiToken(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  apiTokenId: string,
): Promise<void> {
  await withOrganization(deps, ctx, organizationId, 'api_tokens:manage', { lock: 'share' }, async (trx) => {
    const deleted = await trx
      .deleteFrom('api_tokens')
      .where('id', '=', apiTokenId)
      .where('organization_id', '=', organizationId)
      .returning(['id', 'name'])
      .executeTakeFirst()
    if (!deleted) throw notFound('API token')
    return {
      value: undefined,
      audit: {
        action: 'api_token.deleted',
        target: { type: 'api_token', id: deleted.id, name: deleted.name },
      },
      invalidate: [deleted.id],
    }
  })
}

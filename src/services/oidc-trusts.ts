import type { Kysely } from 'kysely'
import { GatehouseError, nameTaken, notFound } from '../core/errors.ts'
import { normalizeName } from '../core/names.ts'
import { conditionProblems, type OidcConditions } from '../core/oidc-conditions.ts'
import type { Page, PageRequest } from '../core/paging.ts'
import type { OrganizationAccess } from '../core/permissions.ts'
import type { RequestContext } from '../core/principal.ts'
import { refuseSecretsInText } from '../core/secrets.ts'
import type { Database } from '../store/schema.ts'
import { authorize } from './authorize.ts'
import type { Deps } from './deps.ts'
import { readPage } from './paging.ts'
import { findGrantableRole } from './roles.ts'
import { withOrganization } from './write-path.ts'

export const DEFAULT_TOKEN_LIFETIME_SECONDS = 900

export interface OidcTrust {
  id: string
  created_at: Date
  updated_at: Date
  name: string
  issuer: string
  audience: string
  conditions: OidcConditions
  role_id: string
  role_name: string
  token_lifetime_seconds: number
}

export interface OidcTrustInput {
  name: string
  issuer: string
  audience?: string | undefined
  conditions: OidcConditions
  role_id: string
  token_lifetime_seconds?: number | undefined
}

export type OidcTrustChange = Partial<OidcTrustInput>

const ACTION = 'oidc_trusts:manage'

export async function createOidcTrust(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  input: OidcTrustInput,
): Promise<OidcTrust> {
  const name = input.name.normalize('NFC').trim()
  return withOrganization(
    deps,
    ctx,
    organizationId,
    ACTION,
    { lock: 'share', onDuplicate: () => duplicateName(name) },
    async (trx, access) => {
      checkTrustFields(deps, input)
      normalizeName('name', input.name)
      const role = await grantableRole(trx, organizationId, input.role_id, access)
      const row = await trx
        .insertInto('oidc_trusts')
        .values({
          organization_id: organizationId,
          name,
          issuer: input.issuer,
          audience: input.audience ?? deps.config.publicUrl,
          conditions: JSON.stringify(input.conditions),
          role_id: role.id,
          token_lifetime_seconds: input.token_lifetime_seconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      const trust = { ...presentRow(row), role_name: role.name }
      return {
        value: trust,
        audit: {
          action: 'oidc_trust.created',
          target: { type: 'oidc_trust', id: trust.id, name: trust.name },
          details: auditDetailsOf(trust),
        },
      }
    },
  )
}

export async function updateOidcTrust(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  trustId: string,
  change: OidcTrustChange,
): Promise<OidcTrust> {
  const name = change.name?.normalize('NFC').trim()
  return withOrganization(
    deps,
    ctx,
    organizationId,
    ACTION,
    { lock: 'share', onDuplicate: () => duplicateName(name ?? '') },
    async (trx, access) => {
      const current = await trx
        .selectFrom('oidc_trusts')
        .selectAll()
        .where('id', '=', trustId)
        .where('organization_id', '=', organizationId)
        .forUpdate()
        .executeTakeFirst()
      if (!current) throw notFound('Trust')
      checkTrustFields(deps, change)
      if (change.name !== undefined) normalizeName('name', change.name)
      // Whoever changes a trust must be able to give its role, changed or not: a less powerful
      // manager must not widen who gets a more powerful one.
      const role = await grantableRole(trx, organizationId, change.role_id ?? current.role_id, access)
      const row = await trx
        .updateTable('oidc_trusts')
        .set({
          ...(name !== undefined ? { name } : {}),
          ...(change.issuer !== undefined ? { issuer: change.issuer } : {}),
          ...(change.audience !== undefined ? { audience: change.audience } : {}),
          ...(change.conditions !== undefined ? { conditions: JSON.stringify(change.conditions) } : {}),
          ...(change.token_lifetime_seconds !== undefined
            ? { token_lifetime_seconds: change.token_lifetime_seconds }
            : {}),
          role_id: role.id,
          updated_at: deps.now(),
        })
        .where('id', '=', trustId)
        .returningAll()
        .executeTakeFirstOrThrow()
      const trust = { ...presentRow(row), role_name: role.name }
      return {
        value: trust,
        audit: {
          action: 'oidc_trust.updated',
          target: { type: 'oidc_trust', id: trust.id, name: trust.name },
          details: { changed: Object.keys(change).sort(), ...auditDetailsOf(trust) },
        },
      }
    },
  )
}

/** Deletes the trust and the tokens it issued that are still there: they are refused at once, everywhere. */
export async function deleteOidcTrust(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  trustId: string,
): Promise<void> {
  await withOrganization(deps, ctx, organizationId, ACTION, { lock: 'share' }, async (trx) => {
    const issued = await trx
      .deleteFrom('api_tokens')
      .where('oidc_trust_id', '=', trustId)
      .where('organization_id', '=', organizationId)
      .returning('id')
      .execute()
    const deleted = await trx
      .deleteFrom('oidc_trusts')
      .where('id', '=', trustId)
      .where('organization_id', '=', organizationId)
      .returning(['id', 'name'])
      .executeTakeFirst()
    if (!deleted) throw notFound('Trust')
    return {
      value: undefined,
      audit: {
        action: 'oidc_trust.deleted',
        target: { type: 'oidc_trust', id: deleted.id, name: deleted.name },
        details: { tokens_deleted: issued.length },
      },
      invalidate: issued.map((token) => token.id),
    }
  })
}

export async function getOidcTrust(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  trustId: string,
): Promise<OidcTrust> {
  await authorize(deps.db, ctx.principal, organizationId, ACTION)
  const row = await trustsWithRole(deps.db, organizationId)
    .where('oidc_trusts.id', '=', trustId)
    .executeTakeFirst()
  if (!row) throw notFound('Trust')
  return row
}

/** By name, a page at a time. */
export async function listOidcTrusts(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  page: PageRequest,
): Promise<Page<OidcTrust>> {
  await authorize(deps.db, ctx.principal, organizationId, ACTION)
  return readPage(
    trustsWithRole(deps.db, organizationId),
    {
      list: 'oidc_trusts',
      scope: organizationId,
      sortColumn: 'oidc_trusts.name',
      idColumn: 'oidc_trusts.id',
      direction: 'asc',
    },
    page,
  )
}

function trustsWithRole(db: Kysely<Database>, organizationId: string) {
  return db
    .selectFrom('oidc_trusts')
    .innerJoin('roles', 'roles.id', 'oidc_trusts.role_id')
    .select([
      'oidc_trusts.id',
      'oidc_trusts.created_at',
      'oidc_trusts.updated_at',
      'oidc_trusts.name',
      'oidc_trusts.issuer',
      'oidc_trusts.audience',
      'oidc_trusts.conditions',
      'oidc_trusts.role_id',
      'roles.name as role_name',
      'oidc_trusts.token_lifetime_seconds',
    ])
    .where('oidc_trusts.organization_id', '=', organizationId)
}

type TrustRow = Awaited<ReturnType<ReturnType<typeof trustRowQuery>['executeTakeFirstOrThrow']>>
const trustRowQuery = (db: Kysely<Database>) => db.selectFrom('oidc_trusts').selectAll()

function presentRow(row: TrustRow): Omit<OidcTrust, 'role_name'> {
  return {
    id: row.id,
    created_at: row.created_at,
    updated_at: row.updated_at,
    name: row.name,
    issuer: row.issuer,
    audience: row.audience,
    conditions: row.conditions,
    role_id: row.role_id,
    token_lifetime_seconds: row.token_lifetime_seconds,
  }
}

function auditDetailsOf(trust: OidcTrust): Record<string, unknown> {
  return {
    issuer: trust.issuer,
    audience: trust.audience,
    conditions: trust.conditions,
    role_name: trust.role_name,
    token_lifetime_seconds: trust.token_lifetime_seconds,
  }
}

function duplicateName(name: string) {
  return nameTaken(`A trust named "${name}" already exists in this organization.`)
}

/**
 * The issuer must be one the operator allows (so no admin can make the server fetch a URL of
 * their choosing), the conditions must pin the repository or project, and no text may hold a secret.
 */
function checkTrustFields(deps: Deps, fields: OidcTrustChange): void {
  refuseSecretsInText({ name: fields.name, audience: fields.audience, ...(fields.conditions ?? {}) })
  if (fields.issuer !== undefined && !deps.config.oidcIssuers.includes(fields.issuer)) {
    const accepted = deps.config.oidcIssuers.join(', ') || 'none (GATEHOUSE_OIDC_ISSUERS is none)'
    throw new GatehouseError(
      'invalid_input',
      `This server does not accept ID tokens from ${fields.issuer}.`,
      {
        fieldErrors: [
          { field: 'body.issuer', message: `must be one of the issuers this server accepts: ${accepted}` },
        ],
      },
    )
  }
  if (fields.conditions !== undefined) {
    const problems = conditionProblems(fields.conditions)
    if (problems.length > 0)
      throw new GatehouseError('invalid_input', 'The conditions would trust too many jobs: see errors.', {
        fieldErrors: problems,
      })
  }
}

/** The trust's role, by the rule tokens are made by (no escalation, never the owner's). */
function grantableRole(
  db: Kysely<Database>,
  organizationId: string,
  roleId: string,
  access: OrganizationAccess,
) {
  return findGrantableRole(db, organizationId, { id: roleId }, access, {
    article: 'a trust',
    short: 'a trust',
  })
}

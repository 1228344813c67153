import { randomUUID } from 'node:crypto'
import { type Insertable, type Kysely, sql, type Updateable } from 'kysely'
import { parseAllowedCidrs } from '../core/cidr.ts'
import { GatehouseError, nameTaken, notFound } from '../core/errors.ts'
import { normalizeName, refuseDirectionControls } from '../core/names.ts'
import type { Page, PageRequest } from '../core/paging.ts'
import type { OrganizationAccess } from '../core/permissions.ts'
import { actorOf, type RequestContext } from '../core/principal.ts'
import { DEFAULT_TOKEN_ROLE } from '../core/roles.ts'
import { refuseSecretsInText } from '../core/secrets.ts'
import { digestToken, generateToken } from '../core/token.ts'
import {
  checkChangedExpiry,
  checkNewExpiry,
  EXPIRING_SOON_MS,
  isStale,
  STALE_AFTER_MS,
  type TokenStatus,
  tokenStatus,
} from '../core/token-lifecycle.ts'
import type { ApiTokenOrigin, Database, LastUsedFrom } from '../store/schema.ts'
import { statement } from '../store/statement.ts'
import { authorize } from './authorize.ts'
import type { Deps } from './deps.ts'
import { readPage } from './paging.ts'
import { findGrantableRole, findRoleOfOrganization, refuseRoleEscalation } from './roles.ts'
import { containsPattern } from './sql-patterns.ts'
import { recordExpiryOnce } from './token-events.ts'
import type { AuditRecord } from './write-path.ts'
import { withOrganization } from './write-path.ts'

/** How the shared role rule (roles.ts) names what a token write gives a role to. */
const TOKEN_WORDS = { article: 'an API token', short: 'a token' }

/** A token as every answer shows it (never its value). */
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
  status: TokenStatus
  expires_at: Date | null
  allowed_cidrs: string[]
  last_used_at: Date | null
  last_used_from: LastUsedFrom[]
  stale: boolean
  rotated_at: Date | null
  grace_period_ends_at: Date | null
  leak: { reported_at: Date; url: string; source: string } | null
}

/** The only shape that ever carries the secret: the answer to a creation, once. */
export interface CreatedApiToken
  extends Pick<
    ApiTokenSummary,
    | 'id'
    | 'created_at'
    | 'updated_at'
    | 'name'
    | 'description'
    | 'role_id'
    | 'role_name'
    | 'status'
    | 'expires_at'
    | 'allowed_cidrs'
  > {
  token: string
}

/** A rotation's answer: the token and its new value, once. */
export interface RotatedApiToken extends ApiTokenSummary {
  token: string
}

export interface CreateApiTokenInput {
  name: string
  description?: string | undefined
  /** null (or absent) means the organization's admin role, as Qovery's tokens had. */
  role_id?: string | null | undefined
  /** RFC 3339; null or absent: no expiry (refused when the organization has a limit). */
  expires_at?: string | null | undefined
  allowed_cidrs?: string[] | undefined
}

export interface EditApiTokenInput {
  name?: string | undefined
  description?: string | undefined
  role_id?: string | undefined
  expires_at?: string | null | undefined
  allowed_cidrs?: string[] | undefined
}

export interface RotateApiTokenInput {
  grace_period_seconds?: number | undefined
  expires_at?: string | null | undefined
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
    async (trx, access, organization) => {
      refuseSecretsInText({ name: input.name, description: input.description ?? '' })
      normalizeName('name', input.name)
      refuseDirectionControls({ description: input.description })
      const allowedCidrs = parseAllowedCidrs(input.allowed_cidrs ?? [])
      const expiresAt = dateOf(input.expires_at)
      checkNewExpiry(expiresAt, organization.apiTokenMaxLifetimeDays, deps.now().getTime())
      // Looked up after the organization row is locked: a role of an organization deleted
      // meanwhile is a 404 (the organization), not a 400 (the role).
      const roleId = input.role_id ?? null
      const role = await findGrantableRole(
        trx,
        organizationId,
        roleId === null ? { builtIn: DEFAULT_TOKEN_ROLE } : { id: roleId },
        access,
        TOKEN_WORDS,
        deps.builtInRoles,
      )
      const digest = digestToken(token)
      // Nothing of the new row is read back: its id is made here, its times are the
      // transaction's (now(), which the lock read), and the rest is what was given. So the
      // INSERT goes with the audit record and the COMMIT, in their round trip (statement.ts,
      // `send`); a duplicate name fails that batch, and is the same 409.
      const row = {
        id: randomUUID(),
        created_at: organization.transactionTime,
        updated_at: organization.transactionTime,
        name,
        description: input.description ?? '',
        role_id: role.id,
        expires_at: expiresAt,
      }
      await INSERT_API_TOKEN.send(trx, {
        id: row.id,
        organization_id: organizationId,
        name: row.name,
        description: row.description,
        role_id: row.role_id,
        token_digest: digest,
        creator_type: creator.type,
        creator_id: creator.id,
        creator_name: creator.name,
        expires_at: row.expires_at,
        allowed_cidrs: allowedCidrs,
      })
      return {
        value: {
          ...row,
          role_name: role.name,
          status: tokenStatus({ expiresAt: row.expires_at, leakedAt: null }, deps.now().getTime()),
          allowed_cidrs: allowedCidrs,
          token,
        },
        audit: {
          action: 'api_token.created',
          target: { type: 'api_token', id: row.id, name: row.name },
          details: {
            role_name: role.name,
            expires_at: expiresAt?.toISOString() ?? null,
            allowed_cidrs: allowedCidrs,
          },
        },
        issued: [digest.toString('hex')],
      }
    },
  )
}

/** A new token's row; every column is a value of the statement (see store/statement.ts). */
const INSERT_API_TOKEN = statement(
  (
    db,
    p: Required<
      Pick<
        Insertable<Database['api_tokens']>,
        | 'id'
        | 'organization_id'
        | 'name'
        | 'description'
        | 'role_id'
        | 'token_digest'
        | 'creator_type'
        | 'creator_id'
        | 'creator_name'
        | 'expires_at'
        | 'allowed_cidrs'
      >
    >,
  ) =>
    db.insertInto('api_tokens').values({
      id: p.id,
      organization_id: p.organization_id,
      name: p.name,
      description: p.description,
      role_id: p.role_id,
      token_digest: p.token_digest,
      creator_type: p.creator_type,
      creator_id: p.creator_id,
      creator_name: p.creator_name,
      expires_at: p.expires_at,
      allowed_cidrs: p.allowed_cidrs,
    }),
)

export interface ListApiTokensFilter extends PageRequest {
  name?: string | undefined
  creatorName?: string | undefined
  status?: TokenStatus | undefined
  /** true: unused for 90 days; false: the others. */
  stale?: boolean | undefined
}

/** Newest first, a page at a time (see readPage). */
export async function listApiTokens(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  filter: ListApiTokensFilter,
): Promise<Page<ApiTokenSummary>> {
  await authorize(deps.db, ctx.principal, organizationId, 'api_tokens:manage')
  const now = deps.now()
  let query = selectTokens(deps.db).where('api_tokens.organization_id', '=', organizationId)
  if (filter.name) query = query.where('api_tokens.name', 'ilike', containsPattern(filter.name))
  if (filter.creatorName)
    query = query.where('api_tokens.creator_name', 'ilike', containsPattern(filter.creatorName))
  if (filter.status) query = query.where(statusCondition(filter.status, now))
  if (filter.stale !== undefined) {
    const staleSince = new Date(now.getTime() - STALE_AFTER_MS)
    const lastSign = sql<Date>`coalesce(api_tokens.last_used_at, api_tokens.created_at)`
    query = query.where(
      filter.stale ? sql<boolean>`${lastSign} <= ${staleSince}` : sql<boolean>`${lastSign} > ${staleSince}`,
    )
  }
  const page = await readPage(
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
  await recordExpiries(deps, ctx, organizationId, page.results, now.getTime())
  return { ...page, results: page.results.map((row) => presentToken(deps, row, now.getTime())) }
}

export async function getApiToken(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  apiTokenId: string,
): Promise<ApiTokenSummary> {
  await authorize(deps.db, ctx.principal, organizationId, 'api_tokens:manage', 'API token')
  const row = await selectTokens(deps.db)
    .where('api_tokens.organization_id', '=', organizationId)
    .where('api_tokens.id', '=', apiTokenId)
    .executeTakeFirst()
  if (!row) throw notFound('API token')
  const nowMs = deps.now().getTime()
  await recordExpiries(deps, ctx, organizationId, [row], nowMs)
  return presentToken(deps, row, nowMs)
}

/**
 * Changes what is given and nothing else. The caller may act only on a token whose role allows
 * nothing beyond its own, and give only such a role (no escalation, as at creation). Every edit
 * evicts the token's cached credential on every process before it is answered, so a new role,
 * expiry or address list applies to the very next request.
 */
export async function editApiToken(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  apiTokenId: string,
  input: EditApiTokenInput,
): Promise<ApiTokenSummary> {
  const name = input.name?.normalize('NFC').trim()
  return withOrganization(
    deps,
    ctx,
    organizationId,
    'api_tokens:manage',
    {
      lock: 'share',
      notFoundAs: 'API token',
      onDuplicate: () => nameTaken(`An API token named "${name}" already exists in this organization.`),
    },
    async (trx, access, organization) => {
      const before = await lockToken(trx, organizationId, apiTokenId)
      await refuseActingAbove(trx, access, before, 'edit')
      refuseSecretsInText({ name: input.name ?? '', description: input.description ?? '' })
      if (input.name !== undefined) normalizeName('name', input.name)
      refuseDirectionControls({ description: input.description })
      const nowMs = deps.now().getTime()
      const changes: Record<string, { before: unknown; after: unknown }> = {}
      const set: Updateable<Database['api_tokens']> = {}
      if (name !== undefined && name !== before.name) {
        set.name = name
        changes.name = { before: before.name, after: name }
      }
      if (input.description !== undefined && input.description !== before.description) {
        set.description = input.description
        changes.description = { before: before.description, after: input.description }
      }
      if (input.role_id !== undefined && input.role_id !== before.role_id) {
        const role = await findGrantableRole(
          trx,
          organizationId,
          { id: input.role_id },
          access,
          TOKEN_WORDS,
          deps.builtInRoles,
        )
        set.role_id = role.id
        changes.role = { before: before.role_name, after: role.name }
      }
      if (input.expires_at !== undefined) {
        const next = dateOf(input.expires_at)
        if (tokenStatus({ expiresAt: before.expires_at, leakedAt: null }, nowMs) === 'expired') {
          throw new GatehouseError(
            'invalid_input',
            'This token has expired: its value cannot be brought back. Rotate it with a new expires_at.',
            { fieldErrors: [{ field: 'body.expires_at', message: 'cannot be changed on an expired token' }] },
          )
        }
        if (next?.getTime() !== before.expires_at?.getTime()) {
          checkChangedExpiry(before.expires_at, next, organization.apiTokenMaxLifetimeDays, nowMs)
          set.expires_at = next
          changes.expires_at = {
            before: before.expires_at?.toISOString() ?? null,
            after: next?.toISOString() ?? null,
          }
        }
      }
      if (input.allowed_cidrs !== undefined) {
        const allowed = parseAllowedCidrs(input.allowed_cidrs)
        if (allowed.join() !== before.allowed_cidrs.join()) {
          set.allowed_cidrs = allowed
          changes.allowed_cidrs = { before: before.allowed_cidrs, after: allowed }
        }
      }
      const changed = Object.keys(changes).length > 0
      if (changed) {
        await trx
          .updateTable('api_tokens')
          .set({ ...set, updated_at: new Date(nowMs) })
          .where('id', '=', apiTokenId)
          .execute()
      }
      const after = await findToken(trx, organizationId, apiTokenId)
      const audit: AuditRecord[] = changed
        ? [
            {
              action: 'api_token.updated',
              target: { type: 'api_token', id: apiTokenId, name: after.name },
              details: { changes },
            },
          ]
        : []
      return {
        value: presentToken(deps, after, nowMs),
        audit,
        invalidate: changed ? [apiTokenId] : [],
      }
    },
  )
}

/**
 * A new value for the same token (id, name, role). The old value works until the grace period
 * ends (0: it is refused at once), on every process: its cached credential is evicted now, and
 * the entry cached again carries the grace period's end. Refused while an earlier rotation's old
 * value is still in its grace period (two rotations must not race). A leaked token may be rotated
 * with no grace: its value is public. An expired one needs a new expiry.
 */
export async function rotateApiToken(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  apiTokenId: string,
  input: RotateApiTokenInput,
): Promise<RotatedApiToken> {
  const value = generateToken('api_token')
  const digest = digestToken(value)
  const grace = input.grace_period_seconds ?? 0
  return withOrganization(
    deps,
    ctx,
    organizationId,
    'api_tokens:manage',
    { lock: 'share', notFoundAs: 'API token' },
    async (trx, access, organization) => {
      const before = await lockToken(trx, organizationId, apiTokenId)
      await refuseActingAbove(trx, access, before, 'rotate')
      const nowMs = deps.now().getTime()
      if (before.previous_expires_at && before.previous_expires_at.getTime() > nowMs) {
        throw new GatehouseError(
          'rotation_in_progress',
          `This token was rotated at ${before.rotated_at?.toISOString()} and its previous value still works until ${before.previous_expires_at.toISOString()}: rotate again after that.`,
        )
      }
      if (before.leaked_at && grace > 0) {
        throw new GatehouseError(
          'invalid_input',
          'This token was reported leaked: its value is public, so it cannot be given a grace period.',
          {
            fieldErrors: [
              { field: 'body.grace_period_seconds', message: 'must be 0 for a token reported leaked' },
            ],
          },
        )
      }
      let expiresAt = before.expires_at
      if (input.expires_at !== undefined) {
        expiresAt = dateOf(input.expires_at)
        checkNewExpiry(expiresAt, organization.apiTokenMaxLifetimeDays, nowMs)
      } else if (expiresAt && expiresAt.getTime() <= nowMs) {
        throw new GatehouseError(
          'invalid_input',
          `This token expired at ${expiresAt.toISOString()}: give a new expires_at to rotate it.`,
          { fieldErrors: [{ field: 'body.expires_at', message: 'is required to rotate an expired token' }] },
        )
      }
      // The old value's grace never outlives the token's own expiry, nor an expired old value.
      const oldValueAlive = !before.leaked_at && (!before.expires_at || before.expires_at.getTime() > nowMs)
      let graceEnds: Date | null = null
      if (grace > 0 && oldValueAlive) {
        const end = nowMs + grace * 1000
        graceEnds = new Date(before.expires_at ? Math.min(end, before.expires_at.getTime()) : end)
      }
      await trx
        .updateTable('api_tokens')
        .set({
          token_digest: digest,
          previous_token_digest: graceEnds ? before.token_digest : null,
          previous_expires_at: graceEnds,
          rotated_at: new Date(nowMs),
          updated_at: new Date(nowMs),
          expires_at: expiresAt,
          ...(expiresAt?.getTime() !== before.expires_at?.getTime() ? { expiry_recorded_at: null } : {}),
          leaked_at: null,
          leak_url: null,
          leak_source: null,
        })
        .where('id', '=', apiTokenId)
        .execute()
      const after = await findToken(trx, organizationId, apiTokenId)
      return {
        value: { ...presentToken(deps, after, nowMs), token: value },
        audit: {
          action: 'api_token.rotated',
          target: { type: 'api_token', id: apiTokenId, name: after.name },
          details: {
            grace_period_seconds: grace,
            grace_period_ends_at: graceEnds?.toISOString() ?? null,
            was_leaked: before.leaked_at !== null,
            ...(expiresAt?.getTime() !== before.expires_at?.getTime()
              ? {
                  expires_at: {
                    before: before.expires_at?.toISOString() ?? null,
                    after: expiresAt?.toISOString() ?? null,
                  },
                }
              : {}),
          },
        },
        invalidate: [apiTokenId],
        // Every process's filter of issued digests learns the new value before it is answered.
        issued: [digest.toString('hex')],
      }
    },
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

function selectTokens(db: Kysely<Database>) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('roles', 'roles.id', 'api_tokens.role_id')
    .select([
      'api_tokens.id',
      'api_tokens.organization_id',
      'api_tokens.created_at',
      'api_tokens.updated_at',
      'api_tokens.name',
      'api_tokens.description',
      'api_tokens.role_id',
      'roles.name as role_name',
      'api_tokens.creator_name',
      'api_tokens.origin',
      'api_tokens.expires_at',
      'api_tokens.expiry_recorded_at',
      'api_tokens.allowed_cidrs',
      'api_tokens.last_used_at',
      'api_tokens.last_used_from',
      'api_tokens.rotated_at',
      'api_tokens.previous_expires_at',
      'api_tokens.leaked_at',
      'api_tokens.leak_url',
      'api_tokens.leak_source',
    ])
}

type TokenRow = Awaited<ReturnType<ReturnType<typeof selectTokens>['executeTakeFirstOrThrow']>>

async function findToken(
  db: Kysely<Database>,
  organizationId: string,
  apiTokenId: string,
): Promise<TokenRow> {
  const row = await selectTokens(db)
    .where('api_tokens.organization_id', '=', organizationId)
    .where('api_tokens.id', '=', apiTokenId)
    .executeTakeFirst()
  if (!row) throw notFound('API token')
  return row
}

/** The token, locked until the transaction ends: edits and rotations of one token run one at a time. */
async function lockToken(trx: Kysely<Database>, organizationId: string, apiTokenId: string) {
  const locked = await trx
    .selectFrom('api_tokens')
    .select(['id', 'token_digest'])
    .where('organization_id', '=', organizationId)
    .where('id', '=', apiTokenId)
    .forUpdate()
    .executeTakeFirst()
  if (!locked) throw notFound('API token')
  return { ...(await findToken(trx, organizationId, apiTokenId)), token_digest: locked.token_digest }
}

/** What a token answer shows: the row, its status now, and this process's uses not yet written. */
function presentToken(deps: Deps, row: TokenRow, nowMs: number): ApiTokenSummary {
  let lastUsedAt = row.last_used_at
  let lastUsedFrom = row.last_used_from
  const pending = deps.lastUse.pendingOf(row.id)
  if (pending) {
    if (!lastUsedAt || pending.lastUsedAt > lastUsedAt) lastUsedAt = pending.lastUsedAt
    const byIp = new Map(lastUsedFrom.map((use) => [use.ip, use.last_used_at]))
    for (const use of pending.from) {
      const known = byIp.get(use.ip)
      if (!known || Date.parse(known) < Date.parse(use.last_used_at)) byIp.set(use.ip, use.last_used_at)
    }
    lastUsedFrom = [...byIp]
      .map(([ip, last_used_at]) => ({ ip, last_used_at }))
      .sort((a, b) => Date.parse(b.last_used_at) - Date.parse(a.last_used_at))
      .slice(0, 5)
  }
  const graceEnds =
    row.previous_expires_at && row.previous_expires_at.getTime() > nowMs ? row.previous_expires_at : null
  return {
    id: row.id,
    created_at: row.created_at,
    updated_at: row.updated_at,
    name: row.name,
    description: row.description,
    role_id: row.role_id,
    role_name: row.role_name,
    creator_name: row.creator_name,
    origin: row.origin,
    status: tokenStatus({ expiresAt: row.expires_at, leakedAt: row.leaked_at }, nowMs),
    expires_at: row.expires_at,
    allowed_cidrs: row.allowed_cidrs,
    last_used_at: lastUsedAt,
    last_used_from: lastUsedFrom,
    stale: isStale({ lastUsedAt, createdAt: row.created_at }, nowMs),
    rotated_at: row.rotated_at,
    grace_period_ends_at: graceEnds,
    leak: row.leaked_at
      ? { reported_at: row.leaked_at, url: row.leak_url ?? '', source: row.leak_source ?? '' }
      : null,
  }
}

/** `api_token.expired` for the tokens shown expired whose expiry the trail does not have yet. */
async function recordExpiries(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  rows: TokenRow[],
  nowMs: number,
): Promise<void> {
  for (const row of rows) {
    if (!row.expires_at || row.expiry_recorded_at || row.expires_at.getTime() > nowMs) continue
    const token = { id: row.id, name: row.name, organizationId, expiresAt: row.expires_at }
    await recordExpiryOnce(deps, token, { ip: ctx.ip, userAgent: ctx.userAgent, origin: ctx.origin })
  }
}

function statusCondition(status: TokenStatus, now: Date) {
  const soon = new Date(now.getTime() + EXPIRING_SOON_MS)
  switch (status) {
    case 'revoked_leaked':
      return sql<boolean>`api_tokens.leaked_at is not null`
    case 'expired':
      return sql<boolean>`api_tokens.leaked_at is null and api_tokens.expires_at <= ${now}`
    case 'expiring_soon':
      return sql<boolean>`api_tokens.leaked_at is null and api_tokens.expires_at > ${now} and api_tokens.expires_at < ${soon}`
    case 'active':
      return sql<boolean>`api_tokens.leaked_at is null and (api_tokens.expires_at is null or api_tokens.expires_at >= ${soon})`
  }
}

function dateOf(value: string | null | undefined): Date | null {
  return value === undefined || value === null ? null : new Date(value)
}

/**
 * Editing or rotating a token is acting as it (a rotation hands its new value over): only a caller
 * whose role allows at least as much may do it. Deleting is never an escalation and stays open.
 */
async function refuseActingAbove(
  trx: Kysely<Database>,
  caller: OrganizationAccess,
  token: TokenRow,
  doing: 'edit' | 'rotate',
): Promise<void> {
  // The same rule as giving a role (a custom role's project grants included).
  const role = await findRoleOfOrganization(trx, token.organization_id, { id: token.role_id })
  refuseRoleEscalation(caller, role, `${doing} a token with`)
}

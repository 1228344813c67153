import { type Kysely, sql } from 'kysely'
import type { EnvironmentMode } from '../core/environment-modes.ts'
import { type GatehouseError, notFound } from '../core/errors.ts'
import type { Action, OrganizationAccess } from '../core/permissions.ts'
import type { Principal, RequestContext } from '../core/principal.ts'
import type { Database } from '../store/schema.ts'
import { statement } from '../store/statement.ts'
import { type AuditEntry, recordAudit } from './audit.ts'
import { authorize, authorizeFound } from './authorize.ts'
import { isUniqueViolation } from './db-errors.ts'
import type { Deps } from './deps.ts'
import { type Change, changeAndInvalidate } from './invalidation.ts'

/** An audit record of the organization being written to. */
export type AuditRecord = Omit<AuditEntry, 'organizationId'>

export interface WriteOutcome<T> {
  value: T
  /** What the change did, for the trail; an empty list only when nothing changed. */
  audit: AuditRecord | AuditRecord[]
  /** Ids whose cached credentials must be forgotten by every process (tokens, the organization). */
  invalidate?: string[]
  /** Digests (hex) of the API tokens the change issues: every process must know them before the
   *  caller is answered, or it would refuse them as never issued (auth-cache.ts). */
  issued?: string[]
}

export interface WriteOptions {
  /**
   * How the organization row is locked before the re-check. 'update' serializes the writes that
   * change who may do what (members, ownership, the organization itself); 'share' lets other
   * writes run side by side, each waiting for those.
   */
  lock: 'share' | 'update'
  /** For a write addressed by a project's or an environment's id: "<what> was not found." */
  notFoundAs?: string
  /** The 409 to answer when the write collides with a unique index (a duplicate name). */
  onDuplicate?: () => GatehouseError
}

/** What the lock reads of the organization row it holds, for the writes that need it. */
export interface LockedOrganization {
  /** The longest a new or changed API token may live, in days; null: no limit. */
  apiTokenMaxLifetimeDays: number | null
  /** The transaction's `now()`: what a column defaulting to now() takes in it, known without
   *  reading the row back (a creation's answer, its INSERT then sent with the COMMIT). */
  transactionTime: Date
}

/** A write's own change: made in the transaction, once the caller is checked again. */
export type Write<T> = (
  trx: Kysely<Database>,
  access: OrganizationAccess,
  organization: LockedOrganization,
) => Promise<WriteOutcome<T>>

/**
 * The one way to change anything inside an organization:
 * 1. in a transaction, the organization row is locked, by a member's write only (a stranger's
 *    finds no row to hold: a stranger never takes a row lock), and the caller is checked on what
 *    is committed once the lock is held: a member demoted or removed, or an organization deleted,
 *    at the same moment is seen, and the write is refused rather than made with the old role
 *    (404 for an organization not theirs, 403 for a role that forbids the action);
 * 2. `write` makes the change and returns its audit records, written here in the same
 *    transaction, and the ids to invalidate, published in it and awaited after the commit.
 */
export async function withOrganization<T>(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  action: Action,
  options: WriteOptions,
  write: Write<T>,
): Promise<T> {
  const gate = (db: Kysely<Database>) =>
    authorize(db, ctx.principal, organizationId, action, options.notFoundAs)
  return writeBehindGate(deps, ctx, { organizationId, gate }, options, write)
}

/** A project or an environment that a write addresses by its id. */
export interface AddressedResource {
  table: 'projects' | 'environments'
  id: string
  /** "<what> was not found." */
  what: string
  /** Modes the write touches beyond the addressed environment's own (creating in, moving to). */
  modes?: readonly EnvironmentMode[]
  /**
   * How the row is held until the commit, read again once the organization is locked: 'key
   * share' keeps it from being deleted under what is created in it; 'share' also keeps an
   * environment from changing mode (a deployment is authorized on that mode); 'update' for the
   * writes that change or delete it.
   */
  hold: 'key share' | 'share' | 'update'
}

/** The addressed row as the gate needs it: for a project, its own id is the project id. */
export interface ResourceScope {
  id: string
  organization_id: string
  project_id: string
  mode: EnvironmentMode | null
}

/**
 * `withOrganization` for a write addressed by the id of a project or an environment, decided
 * inside its project (`authorizeFound`): for a custom role by its grant there, which is why the
 * row is read, and read again once the organization is locked. An unknown id, an id in an
 * organization the caller cannot see and one a custom role does not see give the same 404,
 * "<what> was not found.", so ids from elsewhere reveal nothing; and by the same path (an unknown
 * id is checked against NO_ORGANIZATION), so their timing does not tell them apart either.
 */
export async function withResource<T>(
  deps: Deps,
  ctx: RequestContext,
  resource: AddressedResource,
  action: Action,
  options: Omit<WriteOptions, 'notFoundAs'>,
  write: Write<T>,
): Promise<T> {
  const targetOf = (row: ResourceScope) => ({
    projectId: row.project_id,
    environmentMode: row.mode ?? undefined,
    modes: resource.modes,
  })
  const gate = async (db: Kysely<Database>, locked: boolean) => {
    const row = await readScope(db, resource, locked)
    return (await authorizeFound(db, ctx.principal, row, action, resource.what, targetOf)).access
  }
  // The organization is the resource's: found by a first check outside any transaction.
  const { organizationId } = await gate(deps.db, false)
  return writeBehindGate(deps, ctx, { organizationId, gate }, options, write)
}

/**
 * The steps of `withOrganization`, for any gate: `gate` checks the caller (and throws when it
 * refuses), in the transaction once the organization row is locked.
 */
async function writeBehindGate<T>(
  deps: Deps,
  ctx: RequestContext,
  target: {
    organizationId: string
    gate: (db: Kysely<Database>, locked: boolean) => Promise<OrganizationAccess>
  },
  options: WriteOptions,
  write: Write<T>,
): Promise<T> {
  const { organizationId, gate } = target
  try {
    return await changeAndInvalidate(deps, async (trx) => {
      const organization = await lockOrganization(trx, organizationId, options.lock, ctx.principal)
      const access = await gate(trx, true)
      // Nothing was locked, yet the caller passes: they joined the organization this very moment.
      if (!organization) throw notFound(options.notFoundAs ?? 'Organization')
      const outcome = await write(trx, access, organization)
      const records = [outcome.audit].flat()
      const change: Change<T> = {
        value: outcome.value,
        invalidate: outcome.invalidate ?? [],
        issued: outcome.issued ?? [],
      }
      if (records.length === 0) return change
      // The last record carries the transaction's notification: one round trip for both.
      change.finish = async (trx, notification) => {
        for (const [index, record] of records.entries()) {
          const last = index === records.length - 1
          await recordAudit(trx, ctx, { organizationId, ...record }, last ? notification : undefined)
        }
      }
      return change
    })
  } catch (error) {
    if (options.onDuplicate && isUniqueViolation(error)) throw options.onDuplicate()
    throw error
  }
}

/** Reads the addressed row's scope; in the transaction (`locked`), holding it as asked. */
async function readScope(
  db: Kysely<Database>,
  resource: AddressedResource,
  locked: boolean,
): Promise<ResourceScope | undefined> {
  const query =
    resource.table === 'projects'
      ? db
          .selectFrom('projects')
          .select(['id', 'organization_id', 'id as project_id', sql<EnvironmentMode | null>`null`.as('mode')])
          .where('id', '=', resource.id)
      : db
          .selectFrom('environments')
          .select(['id', 'organization_id', 'project_id', 'mode'])
          .where('id', '=', resource.id)
  if (!locked) return query.executeTakeFirst()
  const held =
    resource.hold === 'key share'
      ? query.forKeyShare()
      : resource.hold === 'share'
        ? query.forShare()
        : query.forNoKeyUpdate()
  return held.executeTakeFirst()
}

/**
 * Locks the organization row for a caller who belongs to it (a member, or one of its own API
 * tokens), and reads what writes need of it. A stranger's query finds no row and holds nothing;
 * the gate, run next, refuses them. Membership is checked here on the statement's snapshot only:
 * the gate, a statement of its own once the lock is held, is what decides.
 */
async function lockOrganization(
  trx: Kysely<Database>,
  organizationId: string,
  lock: 'share' | 'update',
  principal: Principal,
): Promise<LockedOrganization | undefined> {
  if (principal.kind === 'api_token' && principal.organizationId !== organizationId) return undefined
  const row =
    principal.kind === 'user'
      ? await LOCK_FOR_MEMBER[lock].takeFirst(trx, { organizationId, userId: principal.userId })
      : await LOCK_FOR_OWN_TOKEN[lock].takeFirst(trx, { organizationId })
  return row && { apiTokenMaxLifetimeDays: row.api_token_max_lifetime_days, transactionTime: row.now }
}

const organizationToLock = (db: Kysely<Database>, organizationId: string) =>
  db
    .selectFrom('organizations')
    .select(['api_token_max_lifetime_days', sql<Date>`now()`.as('now')])
    .where('id', '=', organizationId)

/** The organization's row, locked, for one of its members (a user): no row for anyone else. */
const memberLock = (
  held: (query: ReturnType<typeof organizationToLock>) => ReturnType<typeof organizationToLock>,
) =>
  statement((db, p: { organizationId: string; userId: string }) =>
    held(
      organizationToLock(db, p.organizationId).where((eb) =>
        eb.exists(
          eb
            .selectFrom('memberships')
            .select('memberships.user_id')
            .where('memberships.organization_id', '=', p.organizationId)
            .where('memberships.user_id', '=', p.userId),
        ),
      ),
    ),
  )
const LOCK_FOR_MEMBER = {
  share: memberLock((query) => query.forShare()),
  update: memberLock((query) => query.forUpdate()),
}

/** The organization's row, locked, for one of its own API tokens (checked before: no query). */
const LOCK_FOR_OWN_TOKEN = {
  share: statement((db, p: { organizationId: string }) =>
    organizationToLock(db, p.organizationId).forShare(),
  ),
  update: statement((db, p: { organizationId: string }) =>
    organizationToLock(db, p.organizationId).forUpdate(),
  ),
}

import type { Kysely } from 'kysely'
import type { GatehouseError } from '../core/errors.ts'
import type { Action, OrganizationAccess } from '../core/permissions.ts'
import type { RequestContext } from '../core/principal.ts'
import type { Database } from '../store/schema.ts'
import { type AuditEntry, recordAudit } from './audit.ts'
import { authorize, NO_ORGANIZATION } from './authorize.ts'
import { isUniqueViolation } from './db-errors.ts'
import type { Deps } from './deps.ts'
import { changeAndInvalidate } from './invalidation.ts'

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

/**
 * The one way to change anything inside an organization:
 * 1. the caller is checked first, outside any transaction, so a stranger never takes a row lock
 *    (404 for an organization not theirs, 403 for a role that forbids the action);
 * 2. in a transaction, the organization row is locked and the caller checked again: a member
 *    demoted or removed, or an organization deleted, at the same moment is seen, and the write
 *    is refused rather than made with the old role;
 * 3. `write` makes the change and returns its audit records, written here in the same
 *    transaction, and the ids to invalidate, published in it and awaited after the commit.
 */
export async function withOrganization<T>(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  action: Action,
  options: WriteOptions,
  write: (trx: Kysely<Database>, access: OrganizationAccess) => Promise<WriteOutcome<T>>,
): Promise<T> {
  await authorize(deps.db, ctx.principal, organizationId, action, options.notFoundAs)
  try {
    return await changeAndInvalidate(deps, async (trx) => {
      await lockOrganization(trx, organizationId, options.lock)
      const access = await authorize(trx, ctx.principal, organizationId, action, options.notFoundAs)
      const outcome = await write(trx, access)
      for (const record of [outcome.audit].flat()) {
        await recordAudit(trx, ctx, { organizationId, ...record })
      }
      return { value: outcome.value, invalidate: outcome.invalidate ?? [], issued: outcome.issued ?? [] }
    })
  } catch (error) {
    if (options.onDuplicate && isUniqueViolation(error)) throw options.onDuplicate()
    throw error
  }
}

/**
 * `withOrganization` for a write addressed by the id of a project or an environment: its
 * organization is read from the row first. An unknown id and an id in an organization the caller
 * cannot see give the same 404, "<what> was not found.", so ids from elsewhere reveal nothing; and
 * by the same path (an unknown id is checked against NO_ORGANIZATION), so their timing does not
 * tell them apart either.
 */
export async function withResource<T>(
  deps: Deps,
  ctx: RequestContext,
  resource: { table: 'projects' | 'environments'; id: string; what: string },
  action: Action,
  options: Omit<WriteOptions, 'notFoundAs'>,
  write: (trx: Kysely<Database>, access: OrganizationAccess) => Promise<WriteOutcome<T>>,
): Promise<T> {
  const row = await deps.db
    .selectFrom(resource.table)
    .select('organization_id')
    .where('id', '=', resource.id)
    .executeTakeFirst()
  return withOrganization(
    deps,
    ctx,
    row?.organization_id ?? NO_ORGANIZATION,
    action,
    { ...options, notFoundAs: resource.what },
    write,
  )
}

async function lockOrganization(trx: Kysely<Database>, organizationId: string, lock: 'share' | 'update') {
  const query = trx.selectFrom('organizations').select('id').where('id', '=', organizationId)
  await (lock === 'update' ? query.forUpdate() : query.forShare()).execute()
}

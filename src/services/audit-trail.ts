import { sql } from 'kysely'
import { invalidInput } from '../core/errors.ts'
import { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX } from '../core/paging.ts'
import type { Origin, RequestContext } from '../core/principal.ts'
import type { AuditActorType } from '../store/schema.ts'
import { authorize } from './authorize.ts'
import type { Deps } from './deps.ts'
import { escapeLike } from './sql-patterns.ts'

export interface AuditEvent {
  id: string
  created_at: Date
  action: string
  target: { type: string; id: string | null; name: string | null }
  actor: { type: AuditActorType; id: string; name: string }
  origin: Origin | 'system'
  ip: string
  user_agent: string
  details: Record<string, unknown>
}

export interface AuditEventPage {
  results: AuditEvent[]
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  next_cursor: string | null
}

export interface AuditTrailQuery {
  limit?: number | undefined
  cursor?: string | undefined
  /** An exact action name, or a prefix ending in `.*` (`api_token.*`). */
  action?: string | undefined
}

/** Newest first, by keyset (created_at desc, id desc): pages stay stable while new events arrive. */
export async function listAuditEvents(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  query: AuditTrailQuery,
): Promise<AuditEventPage> {
  await authorize(deps.db, ctx.principal, organizationId, 'audit:read')
  const limit = query.limit ?? AUDIT_PAGE_DEFAULT
  if (!Number.isInteger(limit) || limit < 1 || limit > AUDIT_PAGE_MAX) {
    throw invalidInput(`limit must be between 1 and ${AUDIT_PAGE_MAX}.`, [
      { field: 'querystring.limit', message: `must be an integer from 1 to ${AUDIT_PAGE_MAX}` },
    ])
  }
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor)

  let select = deps.db
    .selectFrom('audit_events')
    .selectAll()
    // The cursor keeps PostgreSQL's microseconds: a JS Date would round them off and skip or repeat
    // events written within the same millisecond.
    .select(
      sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('position'),
    )
    .where('organization_id', '=', organizationId)
  if (after) {
    select = select.where(
      sql<boolean>`(created_at, id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`,
    )
  }
  if (query.action !== undefined) {
    select = query.action.endsWith('.*')
      ? select.where('action', 'like', `${escapeLike(query.action.slice(0, -1))}%`)
      : select.where('action', '=', query.action)
  }
  const rows = await select
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute()

  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return {
    results: page.map((row) => ({
      id: row.id,
      created_at: row.created_at,
      action: row.action,
      target: { type: row.target_type, id: row.target_id, name: row.target_name },
      actor: { type: row.actor_type, id: row.actor_id, name: row.actor_name },
      origin: row.origin,
      ip: row.ip,
      user_agent: row.user_agent,
      details: row.details,
    })),
    next_cursor: rows.length > limit && last ? encodeCursor({ createdAt: last.position, id: last.id }) : null,
  }
}

interface Position {
  createdAt: string
  id: string
}

const CURSOR_TEXT =
  /^((?:19[7-9]\d|[2-9]\d{3})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/

/** Opaque to clients: base64url of "<timestamp with microseconds>|<id>". */
export function encodeCursor(position: Position): string {
  return Buffer.from(`${position.createdAt}|${position.id}`).toString('base64url')
}

export function decodeCursor(cursor: string): Position {
  const match = CURSOR_TEXT.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
  // A well-formed but impossible date (February 30) must be a 400 too, not a database error:
  // it is real only if it survives a round trip through Date unchanged.
  const createdAt = match?.[1]
  const id = match?.[2]
  if (!createdAt || !id || !isRealInstant(createdAt)) {
    throw invalidInput('cursor is malformed: pass back the next_cursor of a previous page unchanged.', [
      { field: 'querystring.cursor', message: 'is not a cursor this server gave' },
    ])
  }
  return { createdAt, id }
}

function isRealInstant(text: string): boolean {
  const date = new Date(text)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 19) === text.slice(0, 19)
}

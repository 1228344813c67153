import { type Insertable, type Kysely, type QueryCreator, sql } from 'kysely'
import type { AuditAction } from '../core/audit-actions.ts'
import { actorOf, type Origin, type RequestContext } from '../core/principal.ts'
import { redactSecrets } from '../core/secrets.ts'
import type { Notification } from '../store/bus.ts'
import type { Database } from '../store/schema.ts'
import { statement } from '../store/statement.ts'
import { deliveriesOf, type EventRows, eventOf, webhookEventOf } from './webhooks/outbox.ts'

export interface AuditEntry {
  organizationId: string
  /** One of the catalogue in src/core/audit-actions.ts. */
  action: AuditAction
  target: { type: string; id?: string | null; name?: string | null }
  details?: Record<string, unknown>
}

/** Gatehouse itself, as the actor of what it does on its own (a webhook disabled after 3 days of
 *  failures). The nil UUID: no user or token has it. */
export const SYSTEM_ACTOR = {
  type: 'system',
  id: '00000000-0000-0000-0000-000000000000',
  name: 'Gatehouse',
} as const

/**
 * What Gatehouse records about a credential presented to it, outside any caller's change (a
 * token's expiry, a refused address, a leak report): the actor is named here, not taken from a
 * credential, with the request it came in.
 */
export interface RecordedBy {
  actor: { type: 'user' | 'api_token'; id: string; name: string }
  origin: Origin
  ip: string
  userAgent: string
}

/** Who made the change: a request's caller, Gatehouse itself, or Gatehouse about a credential. */
export type AuditContext = RequestContext | { system: true } | RecordedBy

/**
 * Written inside the transaction of the change it records: both happen, or neither. An action
 * that is also a webhook event (core/webhook-events.ts) is put in the outbox in the same
 * transaction, with what the record says: who did it, to what, and its details. `notification`,
 * the transaction's message to the other processes (invalidation.ts), is sent by the same
 * statement: a write's last two round trips become one.
 */
export async function recordAudit(
  trx: Kysely<Database>,
  ctx: AuditContext,
  entry: AuditEntry,
  notification?: Notification,
): Promise<void> {
  const system = 'system' in ctx
  const actor = system ? SYSTEM_ACTOR : 'actor' in ctx ? ctx.actor : actorOf(ctx.principal)
  const record: AuditRow = {
    organization_id: entry.organizationId,
    action: entry.action,
    target_type: entry.target.type,
    target_id: entry.target.id ?? null,
    target_name: entry.target.name ?? null,
    actor_type: actor.type,
    actor_id: actor.id,
    actor_name: actor.name,
    origin: system ? 'system' : ctx.origin,
    ip: system ? '' : ctx.ip,
    // Clients write what they like here; a token pasted into it must not be kept in clear.
    user_agent: system ? '' : redactSecrets(ctx.userAgent.slice(0, 512)),
    details: JSON.stringify(entry.details ?? {}),
  }
  const event = webhookEventOf(entry.action)
  if (!event) {
    if (notification) await RECORD_AND_NOTIFY.send(trx, { ...record, ...notification })
    else await RECORD.send(trx, record)
    return
  }
  const withEvent = {
    ...record,
    ...eventOf(entry.organizationId, event, {
      actor,
      target: { type: entry.target.type, id: entry.target.id ?? null, name: entry.target.name ?? null },
      details: entry.details ?? {},
    }),
  }
  if (notification) await RECORD_WITH_DELIVERIES_AND_NOTIFY.send(trx, { ...withEvent, ...notification })
  else await RECORD_WITH_DELIVERIES.send(trx, withEvent)
}

type AuditRow = Required<Omit<Insertable<Database['audit_events']>, 'id' | 'created_at'>>

const recordOf = (db: QueryCreator<Database>, p: AuditRow) =>
  db.insertInto('audit_events').values({
    organization_id: p.organization_id,
    action: p.action,
    target_type: p.target_type,
    target_id: p.target_id,
    target_name: p.target_name,
    actor_type: p.actor_type,
    actor_id: p.actor_id,
    actor_name: p.actor_name,
    origin: p.origin,
    ip: p.ip,
    user_agent: p.user_agent,
    details: p.details,
  })

const RECORD = statement((db, p: AuditRow) => recordOf(db, p))

/**
 * The record and its webhook deliveries in one statement: a data-modifying WITH query runs
 * whether or not the statement reads what it returns. (The deliveries' INSERT does not read
 * `recorded`: the builder is typed as the plain database's.)
 */
const RECORD_WITH_DELIVERIES = statement((db, p: AuditRow & EventRows) =>
  deliveriesOf(withRecorded(db, p), p),
)

const withRecorded = (db: Kysely<Database>, p: AuditRow) =>
  db.with('recorded', (creator) =>
    recordOf(creator as unknown as QueryCreator<Database>, p).returning('audit_events.id'),
  ) as unknown as QueryCreator<Database>

/** The statements above, sending the transaction's notification too (the SELECT they end with). */
const notifying = (db: QueryCreator<Database>, p: Notification) =>
  db.selectNoFrom(sql<string>`pg_notify(${p.channel}, ${p.text})`.as('notified'))

const RECORD_AND_NOTIFY = statement((db, p: AuditRow & Notification) => notifying(withRecorded(db, p), p))

const RECORD_WITH_DELIVERIES_AND_NOTIFY = statement((db, p: AuditRow & EventRows & Notification) =>
  notifying(
    withRecorded(db, p).with('delivered', (creator) =>
      deliveriesOf(creator, p),
    ) as unknown as QueryCreator<Database>,
    p,
  ),
)

import { randomUUID } from 'node:crypto'
import { type Kysely, type QueryCreator, sql } from 'kysely'
import { type WebhookEventType, webhookEventOfAuditAction } from '../../core/webhook-events.ts'
import type { Database } from '../../store/schema.ts'

/** What an event says, under `data`: ids and names, never a secret. */
export type EventData = Record<string, unknown>

/** The body every delivery of an event carries (the Standard Webhooks shape). */
export interface EventBody {
  type: WebhookEventType
  timestamp: string
  data: EventData & { organization_id: string }
}

/**
 * Puts an event in the outbox, inside the transaction of the change it tells about: the event
 * is sent if and only if the change commits, and a crash after the commit loses nothing (the row
 * waits for a worker, in this process or any other). One row per webhook of the organization that
 * is enabled and subscribed to `type`, written by one statement; none when there is none.
 *
 * Call it with the transaction of the change: `await enqueueEvent(trx, organizationId,
 * 'api_token.rotated', { api_token: { id, name } })`. Changes written through the audit trail
 * need not: recordAudit enqueues the events of the actions in webhookEventOfAuditAction.
 */
export async function enqueueEvent(
  trx: Kysely<Database>,
  organizationId: string,
  type: WebhookEventType,
  data: EventData,
  options: { now?: Date } = {},
): Promise<void> {
  await deliveriesOf(trx, eventOf(organizationId, type, data, options)).execute()
}

/** One event, as the values of its delivery rows: worked out before the statement is built, so
 *  that the statement takes them as values only (see store/statement.ts). */
export interface EventRows {
  organizationId: string
  type: WebhookEventType
  eventId: string
  /** The EventBody, as JSON. */
  payload: string
  now: Date
}

export function eventOf(
  organizationId: string,
  type: WebhookEventType,
  data: EventData,
  options: { now?: Date } = {},
): EventRows {
  const now = options.now ?? new Date()
  const body: EventBody = {
    type,
    timestamp: now.toISOString(),
    data: { ...data, organization_id: organizationId },
  }
  return {
    organizationId,
    type,
    eventId: `msg_${randomUUID().replaceAll('-', '')}`,
    payload: JSON.stringify(body),
    now,
  }
}

/** One delivery row per webhook of the organization that is enabled and subscribed to the event,
 *  unexecuted: recordAudit runs it in the statement that writes the audit record, as a
 *  data-modifying WITH query (one round trip for both). */
export function deliveriesOf(db: QueryCreator<Database>, event: EventRows) {
  return db
    .insertInto('webhook_deliveries')
    .columns(['webhook_id', 'organization_id', 'event_id', 'event_type', 'payload', 'next_attempt_at'])
    .expression((eb) =>
      eb
        .selectFrom('webhooks')
        .select([
          'webhooks.id',
          'webhooks.organization_id',
          sql<string>`${event.eventId}::text`.as('event_id'),
          sql<string>`${event.type}::text`.as('event_type'),
          sql<string>`${event.payload}::jsonb`.as('payload'),
          sql<Date>`${event.now}::timestamptz`.as('next_attempt_at'),
        ])
        .where('webhooks.organization_id', '=', event.organizationId)
        .where('webhooks.enabled', '=', true)
        .where(sql<boolean>`${event.type}::text = any(webhooks.events)`),
    )
}

/** The webhook event an audited action is, if any. */
export function webhookEventOf(action: string): WebhookEventType | undefined {
  return Object.hasOwn(webhookEventOfAuditAction, action) ? webhookEventOfAuditAction[action] : undefined
}

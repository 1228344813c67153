import { type Kysely, sql } from 'kysely'
import type { Database } from './schema.ts'

/**
 * How processes sharing one database tell each other what to forget: PostgreSQL NOTIFY, sent
 * inside the transaction of the change so that it goes out if and only if the change commits.
 * Each driver implements it (pglite/notifications.ts, postgres/notifications.ts).
 */
export interface MessageBus {
  /** Calls `onMessage` for every message published by this or any other process, and `trust`
   *  with the lease of this process's caches (see Lease). Rejects if the first connection
   *  cannot be made. */
  listen(onMessage: (payload: string) => void, trust: (lease: Lease) => void): Promise<void>
  /** A message to every process, this one included, sent by the transaction that sends its
   *  notification (`sendNotification`, or along with a statement of its own) when it commits:
   *  its id, for `delivered`, and that notification, when it travels through the database at all
   *  (services/invalidation.ts sends it). */
  prepare(payload: string): OutgoingMessage
  /** After the commit: true once every process that may still trust its cache has handled the
   *  message, false if some have not within `timeoutMs`. NOTIFY alone is asynchronous (each
   *  listening backend must be scheduled to pass it on); waiting for the acknowledgements makes
   *  "refused by every process on the next request" hold even on a loaded machine, and waiting
   *  REVOCATION_WAIT_MS makes it hold even when some process never answers (see LEASE_MS). */
  delivered(messageId: string, timeoutMs: number, options?: DeliveryOptions): Promise<boolean>
}

export interface DeliveryOptions {
  /** Also wait for every listener PostgreSQL lists, not only for the processes heard pinging
   *  (true by default). The pings are what the lease argument rests on; the listing is a second
   *  net that revocations keep, and that announcements of new tokens, sent at every creation,
   *  spare themselves (one query on pg_stat_activity each). */
  listedListeners?: boolean
}

/**
 * A moment on this process's monotonic clock (performance.now()) until which its caches may be
 * served: every message published before the lease was granted has been handed to `onMessage`.
 * 0 says messages may have been lost (the connection dropped): forget everything, and trust
 * nothing until a later lease.
 */
export type Lease = number
export const MESSAGES_MAY_BE_LOST: Lease = 0

/**
 * How long a proof that the notification channel works is good for. A process sends itself a
 * ping through PostgreSQL every few hundred milliseconds; when it comes back, every message
 * committed before the ping was sent has been received too (PostgreSQL delivers notifications
 * in commit order), so the cache may be served for LEASE_MS from the moment the ping was sent.
 * A channel that hangs silently stops renewing the lease, and the cache turns itself off within
 * LEASE_MS: credentials are then looked up in the database.
 */
export const LEASE_MS = 500

/**
 * How long a revocation waits, at most, for every process's acknowledgement. Longer than
 * LEASE_MS, so that a process that has not answered by then has necessarily stopped trusting its
 * cache: its last good ping was sent before the revocation committed, and that lease is over.
 * The margin absorbs timer lateness; it is the worst case of a revocation, paid only while some
 * process's notifications are stuck.
 */
export const REVOCATION_WAIT_MS = LEASE_MS + 150

/** Messages travel on this channel, so every process sharing the database hears them. */
export const MESSAGE_CHANNEL = 'gatehouse_invalidate'

/** A message as sent: its id (for acknowledgements) around the payload. */
export interface Envelope {
  id: string
  payload: string
}

/** A message on its way out: its id, and what the transaction must NOTIFY to send it. */
export interface OutgoingMessage {
  id: string
  notification?: Notification | undefined
}

/** The arguments of one `pg_notify`, sent when the transaction that sends it commits. */
export interface Notification {
  channel: string
  text: string
}

export function notificationOf(channel: string, message: object): Notification {
  return { channel, text: JSON.stringify(message) }
}

export async function sendNotification(db: Kysely<Database>, notification: Notification): Promise<void> {
  await sql`select pg_notify(${notification.channel}, ${notification.text})`.execute(db)
}

export function openEnvelope(text: string): Envelope | undefined {
  try {
    const value = JSON.parse(text) as Envelope
    return typeof value?.id === 'string' && typeof value.payload === 'string' ? value : undefined
  } catch {
    return undefined
  }
}

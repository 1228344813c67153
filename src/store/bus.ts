import { type Kysely, sql } from 'kysely'
import type { Database } from './schema.ts'

/**
 * How processes sharing one database tell each other what to forget: PostgreSQL NOTIFY, sent
 * inside the transaction of the change so that it goes out if and only if the change commits.
 * Each driver implements it (pglite/notifications.ts, postgres/notifications.ts).
 */
export interface MessageBus {
  /** Calls `onMessage` for every message published by this or any other process.
   *  `listening(false)` says messages may be lost from now on (the connection dropped): caches must
   *  not be trusted until `listening(true)`. Rejects if the first connection cannot be made. */
  listen(onMessage: (payload: string) => void, listening: (up: boolean) => void): Promise<void>
  /** Inside a transaction: sends `payload` to every process, this one included, when it commits.
   *  Returns the message's id, for `delivered`. */
  publish(trx: Kysely<Database>, payload: string): Promise<string>
  /** After the commit: true once every process listening now has handled the message, false if
   *  some have not within `timeoutMs`. NOTIFY alone is asynchronous (each listening backend must
   *  be scheduled to pass it on); waiting for the acknowledgements makes "refused by every
   *  process on the next request" hold even on a loaded machine. */
  delivered(messageId: string, timeoutMs: number): Promise<boolean>
}

/** Messages travel on this channel, so every process sharing the database hears them. */
export const MESSAGE_CHANNEL = 'gatehouse_invalidate'

/** A message as sent: its id (for acknowledgements) around the payload. */
export interface Envelope {
  id: string
  payload: string
}

export async function notify(db: Kysely<Database>, channel: string, message: object): Promise<void> {
  await sql`select pg_notify(${channel}, ${JSON.stringify(message)})`.execute(db)
}

export function openEnvelope(text: string): Envelope | undefined {
  try {
    const value = JSON.parse(text) as Envelope
    return typeof value?.id === 'string' && typeof value.payload === 'string' ? value : undefined
  } catch {
    return undefined
  }
}

import type { Kysely } from 'kysely'
import {
  MESSAGES_MAY_BE_LOST,
  type Notification,
  REVOCATION_WAIT_MS,
  sendNotification,
} from '../store/bus.ts'
import type { Store } from '../store/database.ts'
import type { Database } from '../store/schema.ts'
import { type AuthCache, decodeInvalidation, encodeInvalidation, type Invalidation } from './auth-cache.ts'
import type { Deps } from './deps.ts'
import type { Metrics } from './metrics.ts'

/**
 * Runs `change` in a transaction that also tells every process to forget the credentials that
 * depend on the ids it returns, and to add the digests of the API tokens it issues to their
 * filters. This process applies the message as soon as the transaction commits, and the caller
 * gets its answer only once every other process has confirmed it did too, or after
 * REVOCATION_WAIT_MS: the very next request is refused everywhere, and a token just issued is
 * accepted everywhere. With neither, it is a plain transaction.
 */
export async function changeAndInvalidate<T>(
  deps: Pick<Deps, 'db' | 'store' | 'authCache' | 'metrics'>,
  change: (trx: Kysely<Database>) => Promise<Change<T>>,
): Promise<T> {
  let messageId: string | undefined
  const {
    value,
    invalidate,
    issued = [],
  } = await deps.db.transaction().execute(async (trx) => {
    const outcome = await change(trx)
    const message = messageOf(outcome.invalidate, outcome.issued ?? [])
    const outgoing = message ? deps.store.prepare(encodeInvalidation(message)) : undefined
    messageId = outgoing?.id
    if (outcome.finish) await outcome.finish(trx, outgoing?.notification)
    else if (outgoing?.notification) await sendNotification(trx, outgoing.notification)
    return outcome
  })
  const message = messageOf(invalidate, issued)
  if (message) {
    deps.authCache.invalidate(message)
    deps.metrics?.invalidationPublished()
  }
  // Whether every process answered does not change the reply: one that has not answered within
  // REVOCATION_WAIT_MS has let its cache's lease run out (store/bus.ts), so it looks the
  // credential up in the database, where it is gone. A hung process cannot hang revocations.
  if (messageId) {
    const started = performance.now()
    const confirmed = await deps.store.delivered(messageId, REVOCATION_WAIT_MS, {
      listedListeners: invalidate.length > 0,
    })
    deps.metrics?.acknowledgementWaited((performance.now() - started) / 1000, confirmed)
  }
  return value
}

export interface Change<T> {
  value: T
  /** Ids whose cached credentials every process must forget. */
  invalidate: string[]
  /** Digests (hex) of the API tokens issued, which every process must know. */
  issued?: string[]
  /**
   * The change's last statement, left to be run here because it also sends the notification
   * (when there is one: `undefined` for none, or for a database that needs none), in the same
   * round trip. Without it, the notification is a statement of its own.
   */
  finish?: (trx: Kysely<Database>, notification: Notification | undefined) => Promise<void>
}

function messageOf(ids: string[], issued: string[]): Invalidation | undefined {
  if (ids.length === 0 && issued.length === 0) return undefined
  return issued.length > 0 ? { ids, issued } : { ids }
}

/** Applies every invalidation any process publishes to this process's cache, for its lifetime. */
export async function listenForInvalidations(
  store: Store,
  authCache: AuthCache,
  metrics?: Pick<Metrics, 'invalidationReceived'>,
): Promise<void> {
  await store.listen(
    (payload) => {
      metrics?.invalidationReceived()
      const invalidation = decodeInvalidation(payload)
      // A message we cannot read might have been a revocation: forget everything to be safe.
      if (invalidation) authCache.invalidate(invalidation)
      else authCache.clear()
    },
    (lease) => (lease === MESSAGES_MAY_BE_LOST ? authCache.distrust() : authCache.trustUntil(lease)),
  )
}

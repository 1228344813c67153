import type { Kysely } from 'kysely'
import { MESSAGES_MAY_BE_LOST, REVOCATION_WAIT_MS } from '../store/bus.ts'
import type { Store } from '../store/database.ts'
import type { Database } from '../store/schema.ts'
import { type AuthCache, decodeInvalidation, encodeInvalidation } from './auth-cache.ts'
import type { Deps } from './deps.ts'

/**
 * Runs `change` in a transaction that also tells every process to forget the credentials that
 * depend on the ids it returns. This process forgets them as soon as the transaction commits, and
 * the caller gets its answer only once every other process has confirmed it did too, or after
 * REVOCATION_WAIT_MS: the very next request is refused everywhere. With no ids, it is a plain
 * transaction.
 */
export async function changeAndInvalidate<T>(
  deps: Pick<Deps, 'db' | 'store' | 'authCache'>,
  change: (trx: Kysely<Database>) => Promise<{ value: T; invalidate: string[] }>,
): Promise<T> {
  let messageId: string | undefined
  const { value, invalidate } = await deps.db.transaction().execute(async (trx) => {
    const outcome = await change(trx)
    if (outcome.invalidate.length > 0) {
      messageId = await deps.store.publish(trx, encodeInvalidation({ ids: outcome.invalidate }))
    }
    return outcome
  })
  if (invalidate.length > 0) deps.authCache.invalidate({ ids: invalidate })
  // Whether every process answered does not change the reply: one that has not answered within
  // REVOCATION_WAIT_MS has let its cache's lease run out (store/bus.ts), so it looks the
  // credential up in the database, where it is gone. A hung process cannot hang revocations.
  if (messageId) await deps.store.delivered(messageId, REVOCATION_WAIT_MS)
  return value
}

/** Applies every invalidation any process publishes to this process's cache, for its lifetime. */
export async function listenForInvalidations(store: Store, authCache: AuthCache): Promise<void> {
  await store.listen(
    (payload) => {
      const invalidation = decodeInvalidation(payload)
      // A message we cannot read might have been a revocation: forget everything to be safe.
      if (invalidation) authCache.invalidate(invalidation)
      else authCache.clear()
    },
    (lease) => (lease === MESSAGES_MAY_BE_LOST ? authCache.distrust() : authCache.trustUntil(lease)),
  )
}

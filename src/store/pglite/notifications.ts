import { randomUUID } from 'node:crypto'
import type { PGlite } from '@electric-sql/pglite'
import { type Envelope, MESSAGE_CHANNEL, type MessageBus, notify, openEnvelope } from '../bus.ts'

/** The embedded database serves one process (see data-dir-lock.ts): it only talks to itself. */
export function pgliteBus(client: PGlite): MessageBus {
  return {
    async listen(onMessage, trust) {
      await client.listen(MESSAGE_CHANNEL, (text) => onMessage(openEnvelope(text)?.payload ?? text))
      // No other process can change the database, and this one evicts its own cache as it commits
      // (changeAndInvalidate): nothing can be missed, so the lease never ends.
      trust(Number.POSITIVE_INFINITY)
    },
    async publish(trx, payload) {
      const id = randomUUID()
      await notify(trx, MESSAGE_CHANNEL, { id, payload } satisfies Envelope)
      return id
    },
    // One process: the caller evicts its own cache synchronously, so there is no one to wait for.
    delivered: async () => true,
  }
}

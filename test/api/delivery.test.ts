import type { Kysely } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendNotification } from '../../src/store/bus.ts'
import { openStore, type Store } from '../../src/store/database.ts'
import type { Database } from '../../src/store/schema.ts'
import { clonePostgresTemplate, dropPostgresDatabase } from '../support/harness.ts'

const adminUrl = process.env.GATEHOUSE_TEST_DATABASE_URL
if (!adminUrl) console.warn('delivery.test.ts: skipped, GATEHOUSE_TEST_DATABASE_URL is not set (CI sets it)')

/**
 * An invalidation counts as delivered once every listening process has confirmed it: the store
 * waits for each one, and says so when one stays silent.
 */
describe.skipIf(!adminUrl)('invalidation delivery on PostgreSQL', () => {
  let databaseUrl = ''
  let first: Store
  let second: Store
  const received: string[] = []

  beforeAll(async () => {
    databaseUrl = await clonePostgresTemplate()
    first = await openStore({ databaseUrl })
    second = await openStore({ databaseUrl })
    await first.listen(
      () => {},
      () => {},
    )
    await second.listen(
      (payload) => received.push(payload),
      () => {},
    )
  })

  afterAll(async () => {
    await first?.close()
    await second?.close()
    if (databaseUrl) await dropPostgresDatabase(databaseUrl)
  })

  it('is confirmed by every listening process, which has applied it by then', async () => {
    const id = await first.db.transaction().execute((trx) => publish(first, trx, 'payload-1'))
    const started = Date.now()
    expect(await first.delivered(id, 5000)).toBe(true)
    expect(Date.now() - started).toBeLessThan(4000)
    expect(received).toContain('payload-1')
  })

  it('reports a listener that never confirms, after the timeout', async () => {
    // A listener in name only: it is counted, but never answers.
    const silent = new pg.Client({
      connectionString: databaseUrl,
      application_name: 'gatehouse-listener:silent',
    })
    await silent.connect()
    try {
      const id = await first.db.transaction().execute((trx) => publish(first, trx, 'payload-2'))
      const started = Date.now()
      expect(await first.delivered(id, 300)).toBe(false)
      expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    } finally {
      await silent.end()
    }
  })

  it('is not sent when the transaction rolls back', async () => {
    await expect(
      first.db.transaction().execute(async (trx) => {
        await publish(first, trx, 'payload-3')
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    await new Promise((r) => setTimeout(r, 200))
    expect(received).not.toContain('payload-3')
  })
})

/** Inside a transaction: a message to every process when it commits, as changeAndInvalidate
 *  sends one; its id. */
async function publish(bus: Store, trx: Kysely<Database>, payload: string): Promise<string> {
  const { id, notification } = bus.prepare(payload)
  if (notification) await sendNotification(trx, notification)
  return id
}

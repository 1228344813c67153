import { Kysely, PostgresDialect, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  Availability,
  type AvailabilityChange,
  DatabaseUnavailableError,
} from '../../src/store/postgres/availability.ts'
import { guardedPool, openPool } from '../../src/store/postgres/pool.ts'
import { clonePostgresTemplate, dropPostgresDatabase } from '../support/harness.ts'
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts'

const adminUrl = process.env.GATEHOUSE_TEST_DATABASE_URL
if (!adminUrl)
  console.warn('pool-guard.test.ts: skipped, GATEHOUSE_TEST_DATABASE_URL is not set (CI sets it)')

/**
 * The store's pool when PostgreSQL hangs: a query gives up within the timeout, and the connection
 * it was on is never used again (its answer, or its open transaction, could reach the next query).
 */
describe.skipIf(!adminUrl)('the guarded pool on a hung PostgreSQL', () => {
  const TIMEOUT_MS = 1000
  let databaseUrl = ''
  let proxy: TcpProxy
  let db: Kysely<unknown>
  const changes: AvailabilityChange[] = []

  beforeAll(async () => {
    databaseUrl = await clonePostgresTemplate()
    proxy = await startTcpProxy(databaseUrl)
    const availability = new Availability()
    availability.watch((change) => changes.push(change))
    db = new Kysely({
      dialect: new PostgresDialect({ pool: guardedPool(openPool(proxy.url, TIMEOUT_MS), availability) }),
    })
  })

  afterAll(async () => {
    proxy?.pass()
    await db?.destroy()
    await proxy?.close()
    if (databaseUrl) await dropPostgresDatabase(databaseUrl)
  })

  const backendPid = async (on: Kysely<unknown>) =>
    (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(on)).rows[0]?.pid

  it('gives up within the timeout, then serves again on a new connection, outside any transaction', async () => {
    const before = await backendPid(db)
    proxy.hold()
    const started = performance.now()
    const failure = await db
      .transaction()
      .execute(async (trx) => {
        await sql`select 1`.execute(trx)
        return 'answered'
      })
      .catch((error: unknown) => error)
    const waited = performance.now() - started
    expect(failure).toBeInstanceOf(DatabaseUnavailableError)
    // BEGIN's answer is awaited for the query timeout (TIMEOUT_MS and a margin), no longer; the
    // rollback is not even tried on a connection in doubt.
    expect(waited).toBeGreaterThanOrEqual(TIMEOUT_MS)
    expect(waited).toBeLessThan(TIMEOUT_MS + 1500)
    expect(changes).toEqual([expect.objectContaining({ available: false, part: 'queries' })])

    proxy.pass()
    const after = await backendPid(db)
    expect(after).not.toBe(before)
    // The held BEGIN did reach the server in the end, on the old connection: not on this one. A
    // transaction begun by it would have started a second ago at least (a prepared statement's
    // own transaction starts at its Bind, microseconds before its statement timestamp).
    const { rows } = await sql<{
      xid: string | null
    }>`select txid_current_if_assigned() as xid,
              statement_timestamp() - now() < interval '500 milliseconds' as fresh`.execute(db)
    expect(rows[0]).toMatchObject({ xid: null, fresh: true })
    expect(changes).toEqual([
      expect.objectContaining({ available: false }),
      expect.objectContaining({ available: true }),
    ])
  })

  it('never sends another query on a connection whose last one went unanswered', async () => {
    const before = await backendPid(db)
    proxy.hold()
    await expect(sql`select 1`.execute(db)).rejects.toBeInstanceOf(DatabaseUnavailableError)
    proxy.pass()
    // Reused, this connection would first deliver the late answer of the held query.
    expect(await backendPid(db)).not.toBe(before)
  })

  it('does not wait for a free connection for ever when every one hangs', async () => {
    proxy.hold()
    const started = performance.now()
    // More queries than the pool has connections (10): the last ones wait for one, within the timeout.
    const answers = await Promise.all(
      Array.from({ length: 14 }, () =>
        sql`select 1`.execute(db).then(
          () => 'answered',
          (error: unknown) => error,
        ),
      ),
    )
    const waited = performance.now() - started
    proxy.pass()
    for (const answer of answers) expect(answer).toBeInstanceOf(DatabaseUnavailableError)
    expect(waited).toBeLessThan(2 * TIMEOUT_MS + 1500)
    expect((await sql<{ one: number }>`select 1 as one`.execute(db)).rows).toEqual([{ one: 1 }])
  })

  it('survives a connection dropped while a transaction holds it between two queries, and serves again', async () => {
    const uncaught: unknown[] = []
    const listener = (error: unknown) => uncaught.push(error)
    // Without a listener of the pool's own, the client's 'error' event is an uncaught exception:
    // caught here so that the test can say so instead of the test run dying with it.
    process.on('uncaughtException', listener)
    try {
      const failure = await db
        .transaction()
        .execute(async (trx) => {
          await sql`select 1`.execute(trx)
          // Between two queries, the client is the transaction's and no query is running on it.
          proxy.down()
          await new Promise((resolve) => setTimeout(resolve, 300))
          await sql`select 2`.execute(trx)
          return 'answered'
        })
        .catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(DatabaseUnavailableError)
      expect(uncaught).toEqual([])
    } finally {
      process.off('uncaughtException', listener)
      proxy.pass()
    }
    expect((await sql<{ one: number }>`select 1 as one`.execute(db)).rows).toEqual([{ one: 1 }])
  })
})

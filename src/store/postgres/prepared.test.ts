import { Kysely, PostgresDialect, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clonePostgresTemplate, dropPostgresDatabase } from '../../../test/support/harness.ts'
import { unreadStatementTests } from '../../../test/support/unread-statements.ts'
import { Availability, DatabaseUnavailableError } from './availability.ts'
import { guardedPool, openPool } from './pool.ts'

const adminUrl = process.env.GATEHOUSE_TEST_DATABASE_URL
if (!adminUrl) console.warn('prepared.test.ts: skipped, GATEHOUSE_TEST_DATABASE_URL is not set (CI sets it)')

/** Statements the store's pool keeps prepared on each PostgreSQL connection (pool.ts). */
describe.skipIf(!adminUrl)('prepared statements on PostgreSQL', () => {
  let databaseUrl = ''
  let db: Kysely<unknown>
  let other: Kysely<unknown>
  /** Answers that end a round trip (ReadyForQuery), on the pool's connections so far. */
  let roundTrips = 0

  beforeAll(async () => {
    databaseUrl = await clonePostgresTemplate()
    // One connection: every query below runs on the same backend, until it is left.
    const pool = openPool(databaseUrl, 5000)
    pool.options.max = 1
    pool.on('connect', (client) => {
      const connection = (client as unknown as { connection: import('node:events').EventEmitter }).connection
      connection.on('readyForQuery', () => roundTrips++)
    })
    db = new Kysely({ dialect: new PostgresDialect({ pool: guardedPool(pool, new Availability()) }) })
    other = new Kysely({ dialect: new PostgresDialect({ pool: openPool(databaseUrl, 5000) }) })
  })

  afterAll(async () => {
    await db?.destroy()
    await other?.destroy()
    if (databaseUrl) await dropPostgresDatabase(databaseUrl)
  })

  const preparedOnThisBackend = async () =>
    (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db)).rows.map(
      (row) => row.statement,
    )

  it('prepares a row statement once per connection and runs it with each call’s values', async () => {
    const doubled = (n: number) => sql<{ doubled: number }>`select ${n}::int * 2 as doubled`.execute(db)
    const named = (n: number) => sql<{ n: number }>`select ${n}::int as n`.execute(db)
    expect((await named(1)).rows).toEqual([{ n: 1 }])
    expect((await named(2)).rows).toEqual([{ n: 2 }])
    expect((await doubled(21)).rows).toEqual([{ doubled: 42 }])
    const statements = await preparedOnThisBackend()
    expect(statements.filter((text) => text === 'select $1::int as n')).toHaveLength(1)
    // A statement with a `*` is not prepared: a table gaining a column would change its rows.
    expect(statements.filter((text) => text.includes('* 2 as doubled'))).toEqual([])
  })

  it('leaves a connection whose prepared statement a schema change made stale, with a 503, not a 500', async () => {
    await sql`create table reshaped (a integer)`.execute(other)
    await sql`insert into reshaped values (1)`.execute(other)
    const read = () => sql<{ a: unknown }>`select a from reshaped`.execute(db)
    expect((await read()).rows).toEqual([{ a: 1 }])
    const backend = async () =>
      (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)).rows[0]?.pid
    const before = await backend()
    await sql`alter table reshaped alter column a type text`.execute(other)
    await expect(read()).rejects.toBeInstanceOf(DatabaseUnavailableError)
    // The next query runs on a new connection, where the statement is prepared afresh.
    expect((await read()).rows).toEqual([{ a: '1' }])
    expect(await backend()).not.toBe(before)
  })

  describe('a transaction opened with its first statement', () => {
    beforeAll(async () => {
      await sql`create table opened (n integer primary key)`.execute(other)
    })
    const insert = (trx: Kysely<unknown>, n: number) => sql`insert into opened (n) values (${n})`.execute(trx)
    const count = async (n: number) =>
      Number(
        (await sql<{ c: string }>`select count(*) as c from opened where n = ${n}`.execute(other)).rows[0]?.c,
      )

    it('sends the BEGIN with the first statement: two statements and the COMMIT take three round trips', async () => {
      const twoReads = () =>
        db.transaction().execute(async (trx) => {
          const first = await sql<{ n: number }>`select ${1}::int as n`.execute(trx)
          const second = await sql<{ n: number }>`select ${2}::int as n`.execute(trx)
          return [first.rows, second.rows]
        })
      await twoReads() // prepares both statements on the connection
      const before = roundTrips
      expect(await twoReads()).toEqual([[{ n: 1 }], [{ n: 2 }]])
      expect(roundTrips - before).toBe(3)
    })

    it('really begins the transaction: what its first statement wrote goes when it rolls back', async () => {
      await db.transaction().execute((trx) => insert(trx, 1)) // prepared, and the row is there
      expect(await count(1)).toBe(1)
      const failing = db.transaction().execute(async (trx) => {
        await insert(trx, 2)
        throw new Error('changed my mind')
      })
      await expect(failing).rejects.toThrow('changed my mind')
      expect(await count(2)).toBe(0)
    })

    it('ends a transaction whose first statement fails, and the connection serves the next one', async () => {
      await db.transaction().execute((trx) => insert(trx, 3))
      // The same statement, refused by the server this time (a duplicate key).
      await expect(db.transaction().execute((trx) => insert(trx, 3))).rejects.toMatchObject({ code: '23505' })
      await db.transaction().execute((trx) => insert(trx, 4))
      expect(await count(4)).toBe(1)
    })

    it('sends nothing for a transaction that runs no statement', async () => {
      await sql`select 1`.execute(db) // the connection is open
      const before = roundTrips
      await db.transaction().execute(async () => {})
      await expect(
        db.transaction().execute(async () => {
          throw new Error('nothing to undo')
        }),
      ).rejects.toThrow('nothing to undo')
      expect(roundTrips - before).toBe(0)
    })
  })

  describe('statements whose answer nobody reads', () => {
    unreadStatementTests(() => ({
      db: db as unknown as Kysely<never>,
      other: other as unknown as Kysely<never>,
      roundTrips: () => roundTrips,
    }))
  })
})

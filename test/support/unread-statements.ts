import { type Kysely, sql } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import { statement } from '../../src/store/statement.ts'

/** A table of these tests only, not in the store's schema. */
type Unread = Kysely<{ unread: { n: number } }>

const INSERT = statement((db, p: { n: number }) =>
  (db as unknown as Unread).insertInto('unread').values({ n: p.n }),
)

export interface UnreadStatementsSetup {
  /** The driver under test, on one connection. */
  db: Kysely<never>
  /** Round trips to the database so far (calls into PGlite, ReadyForQuery messages from a server). */
  roundTrips: () => number
  /** Runs SQL apart from `db` (another connection where there is one). */
  other: Kysely<never>
}

/**
 * What `send` (store/statement.ts) promises of a driver, checked on each: inside a transaction an
 * unread statement goes with the next statement or the COMMIT, one round trip for both; its error
 * is thrown there and undoes the transaction; a rollback sends nothing of it.
 */
export function unreadStatementTests(setup: () => UnreadStatementsSetup): void {
  const send = (db: Kysely<never>, n: number) => INSERT.send(db as never, { n })
  const stored = async (n: number) =>
    (await sql<{ n: number }>`select n from unread where n = ${n}`.execute(setup().other)).rows.length
  const read = (db: Kysely<never>) => sql<{ n: number }>`select ${1}::int as n`.execute(db)

  beforeAll(async () => {
    await sql`create table unread (n integer primary key)`.execute(setup().other)
    // Prepared on the connection, as the store's statements are after their first run.
    await send(setup().db, 0)
    await setup()
      .db.transaction()
      .execute((trx) => read(trx))
  })

  it('sends one with the COMMIT: a read, an unread insert and the COMMIT take two round trips', async () => {
    const { db, roundTrips } = setup()
    const before = roundTrips()
    await db.transaction().execute(async (trx) => {
      expect((await read(trx)).rows).toEqual([{ n: 1 }])
      await send(trx, 1)
      expect(roundTrips() - before).toBe(1)
    })
    expect(roundTrips() - before).toBe(2)
    expect(await stored(1)).toBe(1)
  })

  it("sends one with the transaction's next statement, which sees what it wrote", async () => {
    const seen = await setup()
      .db.transaction()
      .execute(async (trx) => {
        await read(trx)
        await send(trx, 2)
        return (await sql<{ n: number }>`select n from unread where n = ${2}`.execute(trx)).rows.length
      })
    expect(seen).toBe(1)
    expect(await stored(2)).toBe(1)
  })

  it('throws its error at the COMMIT, which undoes the whole transaction, and the session goes on', async () => {
    const { db } = setup()
    await send(db, 3)
    const duplicate = db.transaction().execute(async (trx) => {
      await sql`insert into unread values (${4})`.execute(trx)
      await send(trx, 3)
    })
    await expect(duplicate).rejects.toMatchObject({ code: '23505' })
    expect(await stored(4)).toBe(0)
    await db.transaction().execute(async (trx) => {
      await read(trx)
      await send(trx, 5)
    })
    expect(await stored(5)).toBe(1)
  })

  it('does not send one at all when the transaction rolls back', async () => {
    const rolledBack = setup()
      .db.transaction()
      .execute(async (trx) => {
        await read(trx)
        await send(trx, 6)
        throw new Error('changed my mind')
      })
    await expect(rolledBack).rejects.toThrow('changed my mind')
    expect(await stored(6)).toBe(0)
  })

  it('runs one at once outside a transaction', async () => {
    await send(setup().db, 7)
    expect(await stored(7)).toBe(1)
  })
}

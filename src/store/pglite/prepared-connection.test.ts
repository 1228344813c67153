import { randomBytes } from 'node:crypto'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { unreadStatementTests } from '../../../test/support/unread-statements.ts'
import { pgliteDialect } from './dialect.ts'

const postgresUrl = process.env.GATEHOUSE_TEST_DATABASE_URL

/** Values of every kind the store sends, with what must come back. */
const digest = randomBytes(32)
const when = new Date('2026-03-04T05:06:07.089Z')
const texts = ['a,b', 'c"d', 'e\\f', '{g}', 'h i', 'é ✓']
const details = { role_name: 'admin', nested: { list: [1, 'two', null] }, quote: 'say "hi"' }

/** Rows as plain values, whichever driver read them (Buffer or Uint8Array, number or string). */
function plain(row: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      key,
      value instanceof Uint8Array
        ? Buffer.from(value).toString('hex')
        : typeof value === 'bigint'
          ? Number(value)
          : value,
    ]),
  )
}

/** The same checks on the embedded database and, when CI gives one, on PostgreSQL. */
function describeOnBoth(name: string, suite: (db: () => Kysely<never>, schema: string) => void) {
  describe(`${name} (PGlite)`, () => {
    let client: PGlite
    let db: Kysely<never>
    beforeAll(async () => {
      client = new PGlite()
      db = new Kysely<never>({ dialect: pgliteDialect(client) })
      await sql`create schema values_test`.execute(db)
    })
    afterAll(() => db?.destroy())
    suite(() => db, 'values_test')
  })
  describe.skipIf(!postgresUrl)(`${name} (PostgreSQL)`, () => {
    const schema = `values_test_${randomBytes(4).toString('hex')}`
    let db: Kysely<never>
    beforeAll(async () => {
      db = new Kysely<never>({
        dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: postgresUrl, max: 2 }) }),
      })
      await sql`create schema ${sql.id(schema)}`.execute(db)
    })
    afterAll(async () => {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db)
      await db?.destroy()
    })
    suite(() => db, schema)
  })
}

describeOnBoth('parameters and rows', (db, schema) => {
  it('sends every kind of value as node-postgres sends it to a server, and reads it back', async () => {
    const table = sql.id(schema, 'kinds')
    await sql`create table ${table} (
      digest bytea, at timestamptz, texts text[], details jsonb, flag boolean, small integer,
      big bigint, words text, nothing text)`.execute(db())
    await sql`insert into ${table} values (${digest}, ${when}, ${texts}, ${JSON.stringify(details)},
      ${true}, ${42}, ${9_007_199_254_740_991}, ${'it\'s "quoted" ✓'}, ${null})`.execute(db())
    // Each value also matches itself as a parameter of a WHERE clause.
    const { rows } = await sql<Record<string, unknown>>`select * from ${table}
      where digest = ${digest} and at = ${when} and texts = ${texts} and flag = ${true}
        and small = ${42} and details = ${JSON.stringify(details)}::jsonb and nothing is null`.execute(db())
    expect(rows).toHaveLength(1)
    const row = plain(rows[0] as Record<string, unknown>)
    expect(row.digest).toBe(digest.toString('hex'))
    expect((row.at as Date).toISOString()).toBe(when.toISOString())
    expect(row.texts).toEqual(texts)
    expect(row.details).toEqual(details)
    expect(row.flag).toBe(true)
    expect(row.small).toBe(42)
    expect(Number(row.big)).toBe(9_007_199_254_740_991)
    expect(row.words).toBe('it\'s "quoted" ✓')
    expect(row.nothing).toBeNull()
  })

  it('counts the rows a write touched', async () => {
    const table = sql.id(schema, 'counted')
    await sql`create table ${table} (n integer)`.execute(db())
    const inserted = await sql`insert into ${table} select generate_series(1, 5)`.execute(db())
    expect(inserted.numAffectedRows).toBe(5n)
    const updated = await sql`update ${table} set n = n + 1 where n > ${2}`.execute(db())
    expect(updated.numAffectedRows).toBe(3n)
  })

  it("counts a write's own rows, not those of an unread statement sent in the same batch", async () => {
    const table = sql.id(schema, 'counted_apart')
    await sql`create table ${table} (n integer)`.execute(db())
    // An audit record's kind of statement: nobody reads its answer (store/statement.ts, `send`).
    const unreadInsert = () => sql`insert into ${table} values (${1})${sql.raw('\n-- answer unread')}`
    // Its first run prepares it, answered; inside a transaction later runs wait for the next
    // statement, and go in its batch.
    await unreadInsert().execute(db())
    await db()
      .transaction()
      .execute(async (trx) => {
        await unreadInsert().execute(trx)
        const none = await sql`update ${table} set n = n + 1 where n > ${100}`.execute(trx)
        expect(none.numAffectedRows).toBe(0n)
        const both = await sql`update ${table} set n = n + 1 where n = ${1}`.execute(trx)
        expect(both.numAffectedRows).toBe(2n)
      })
  })

  it('reports a failed statement with its SQLSTATE, and the session goes on', async () => {
    const table = sql.id(schema, 'unique_names')
    await sql`create table ${table} (name text unique)`.execute(db())
    await sql`insert into ${table} values (${'one'})`.execute(db())
    const duplicate = sql`insert into ${table} values (${'one'})`.execute(db())
    await expect(duplicate).rejects.toMatchObject({ code: '23505' })
    await expect(sql`selec 1`.execute(db())).rejects.toMatchObject({ code: '42601' })
    // In a transaction: the failure rolls it back, and the next one works.
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await sql`insert into ${table} values (${'two'})`.execute(trx)
          await sql`insert into ${table} values (${'one'})`.execute(trx)
        }),
    ).rejects.toMatchObject({ code: '23505' })
    await db()
      .transaction()
      .execute(async (trx) => {
        await sql`insert into ${table} values (${'three'})`.execute(trx)
      })
    const { rows } = await sql<{ name: string }>`select name from ${table} order by name`.execute(db())
    expect(rows.map((row) => row.name)).toEqual(['one', 'three'])
  })
})

describe('statements kept prepared on PGlite', () => {
  let client: PGlite
  let db: Kysely<never>
  beforeAll(async () => {
    client = new PGlite()
    db = new Kysely<never>({ dialect: pgliteDialect(client) })
  })
  afterAll(() => db?.destroy())

  const preparedTexts = async () =>
    (await client.query<{ statement: string }>('select statement from pg_prepared_statements')).rows.map(
      (row) => row.statement,
    )

  it('prepares a statement at its first run and reuses it, with new values each time', async () => {
    const query = (n: number) => sql<{ doubled: number }>`select ${n}::int * 2 as doubled`.execute(db)
    expect((await query(1)).rows).toEqual([{ doubled: 2 }])
    expect((await query(21)).rows).toEqual([{ doubled: 42 }])
    const kept = (await preparedTexts()).filter((text) => text.includes('* 2 as doubled'))
    expect(kept).toHaveLength(1)
  })

  it('does not keep a statement that failed to parse', async () => {
    await expect(sql`select from where ${1}`.execute(db)).rejects.toMatchObject({ code: '42601' })
    expect((await preparedTexts()).filter((text) => text.includes('select from where'))).toEqual([])
    expect((await sql<{ one: number }>`select 1 as one`.execute(db)).rows).toEqual([{ one: 1 }])
  })

  it('begins a transaction with its first statement, which then runs inside it', async () => {
    await sql`create table in_transaction (n integer)`.execute(db)
    const starts = await db.transaction().execute(async (trx) => {
      const first = (await sql<{ at: Date }>`select now() as at`.execute(trx)).rows[0]?.at
      await new Promise((resolve) => setTimeout(resolve, 20))
      const second = (await sql<{ at: Date }>`select now() as at`.execute(trx)).rows[0]?.at
      return [first?.getTime(), second?.getTime()]
    })
    // now() is the transaction's start: the same for both statements, 20 ms apart.
    expect(starts[0]).toBe(starts[1])
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`insert into in_transaction values (${1})`.execute(trx)
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    // A transaction that ran no statement, then one that commits.
    await db.transaction().execute(async () => {})
    await db.transaction().execute(async (trx) => {
      await sql`insert into in_transaction values (${2})`.execute(trx)
    })
    expect((await sql<{ n: number }>`select n from in_transaction`.execute(db)).rows).toEqual([{ n: 2 }])
  })

  it('sees the new shape of a table changed after a statement on it was prepared', async () => {
    await sql`create table reshaped (a integer)`.execute(db)
    await sql`insert into reshaped values (1)`.execute(db)
    const everything = () => sql<Record<string, unknown>>`select * from reshaped`.execute(db)
    expect((await everything()).rows).toEqual([{ a: 1 }])
    await sql`alter table reshaped add column b text default 'x'`.execute(db)
    // A prepared "select *" would now fail: "cached plan must not change result type".
    expect((await everything()).rows).toEqual([{ a: 1, b: 'x' }])
  })
})

describe('statements whose answer nobody reads, on PGlite', () => {
  let client: PGlite
  let db: Kysely<never>
  /** Calls into PGlite's backend so far. */
  let calls = 0
  beforeAll(() => {
    client = new PGlite()
    const execProtocolStream = client.execProtocolStream.bind(client)
    client.execProtocolStream = (...args) => {
      calls++
      return execProtocolStream(...args)
    }
    db = new Kysely<never>({ dialect: pgliteDialect(client) })
  })
  afterAll(() => db?.destroy())
  // One connection: the other SQL runs on it too, between the transactions.
  unreadStatementTests(() => ({ db, other: db, roundTrips: () => calls }))
})

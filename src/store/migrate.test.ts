import { type Kysely, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { drivers, startTestGatehouse, type TestGatehouse } from '../../test/support/harness.ts'
import { migrateToLatest, migrationNames } from './migrate.ts'
import * as customRoles from './migrations/0007_custom_roles.ts'

/**
 * Migration numbers are handed out to features built side by side, and land in any order: a
 * database that ran a later number first must still take the earlier one when it lands.
 */
describe('migrations that land out of order', () => {
  let gh: TestGatehouse
  beforeAll(async () => {
    gh = await startTestGatehouse('pglite')
  })
  afterAll(() => gh?.close())

  it('runs a migration older than the last one run, instead of refusing to start', async () => {
    const db = gh.deps.db
    // As if 0007 had not landed yet when this database ran 0010.
    await customRoles.down(db)
    await sql`delete from kysely_migration where name = '0007_custom_roles'`.execute(db)
    await migrateToLatest(db as never)
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)
    expect(rows.map((row) => row.name)).toEqual(migrationNames)
    // And 0007's tables are there again.
    await sql`select count(*) from role_project_permissions`.execute(db)
  })
})

/** The start of an up-to-date database: one look at kysely_migration, not the Migrator's work. */
describe.each(drivers)('migrating a database that is up to date (%s)', (driver) => {
  let gh: TestGatehouse
  beforeAll(async () => {
    gh = await startTestGatehouse(driver)
  })
  afterAll(() => gh?.close())

  /** The store's database, writing down the SQL of every statement sent through it. */
  function recording(): { db: Kysely<unknown>; statements: string[] } {
    const db = gh.deps.db as unknown as Kysely<unknown>
    const statements: string[] = []
    const recorded = db.withPlugin({
      transformQuery: ({ node, queryId }) => {
        statements.push(db.getExecutor().compileQuery(node, queryId).sql)
        return node
      },
      transformResult: async ({ result }) => result,
    })
    return { db: recorded, statements }
  }

  it('reads kysely_migration and stops there, without taking the lock', async () => {
    const { db, statements } = recording()
    await migrateToLatest(db)
    expect(statements).toHaveLength(2)
    expect(statements[0]).toContain("to_regclass('kysely_migration')")
    expect(statements[1]).toMatch(/select name from kysely_migration$/)
  })

  it('leaves a database with a migration this version does not know to the Migrator, which refuses it', async () => {
    const { db, statements } = recording()
    await sql`insert into kysely_migration (name, timestamp) values ('9999_from_a_newer_version', '2026-12-06T00:00:00.000Z')`.execute(
      db,
    )
    try {
      await expect(migrateToLatest(db)).rejects.toThrow(/9999_from_a_newer_version/)
      // The Migrator ran: it took its lock.
      expect(statements.some((statement) => statement.includes('kysely_migration_lock'))).toBe(true)
    } finally {
      await sql`delete from kysely_migration where name = '9999_from_a_newer_version'`.execute(db)
    }
    // Back to exactly this version's migrations: the short way again.
    const again = recording()
    await migrateToLatest(again.db)
    expect(again.statements).toHaveLength(2)
  })
})

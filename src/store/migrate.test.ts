import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestGatehouse, type TestGatehouse } from '../../test/support/harness.ts'
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

import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely'
import * as initial from './migrations/0001_initial.ts'
import * as rolePermissions from './migrations/0002_role_permissions.ts'
import * as listPagingIndexes from './migrations/0003_list_paging_indexes.ts'
import * as purgeIndexes from './migrations/0004_purge_indexes.ts'
import * as invitationInviter from './migrations/0005_invitation_inviter.ts'
import * as tokenLifecycle from './migrations/0006_token_lifecycle.ts'
import * as customRoles from './migrations/0007_custom_roles.ts'
import * as operations from './migrations/0008_operations.ts'
import * as oidcTrust from './migrations/0010_oidc_trust.ts'

/** Migrations are plain ordered modules, listed here so they work the same from source or a bundle. */
const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_role_permissions': rolePermissions,
  '0003_list_paging_indexes': listPagingIndexes,
  '0004_purge_indexes': purgeIndexes,
  '0005_invitation_inviter': invitationInviter,
  '0006_token_lifecycle': tokenLifecycle,
  '0007_custom_roles': customRoles,
  '0008_operations': operations,
  '0010_oidc_trust': oidcTrust,
}

/** Every migration's name, in order: what a fully migrated database lists in kysely_migration. */
export const migrationNames = Object.keys(migrations)

const provider: MigrationProvider = { getMigrations: async () => migrations }

/**
 * Brings the schema up to date. Safe when several processes start at once on one PostgreSQL:
 * Kysely's Migrator holds a PostgreSQL advisory lock while it migrates.
 */
export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  if (await ranEveryMigration(db)) return
  // Migration numbers are handed out to changes made side by side, which may land in any order:
  // a database that ran 0008 before 0006 existed must still take 0006 when it arrives.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error || failed) {
    throw new Error(
      `Database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`,
    )
  }
}

/**
 * True when the database records exactly this version's migrations, the case at every start but
 * the first after an upgrade. The Migrator would find the same by reading the catalog of every
 * table and column (twice) and taking its lock: about 300 ms of an embedded start on this
 * machine, against one small query. Anything else (no table yet, a migration missing, one this
 * version does not know) goes to the Migrator, which migrates or refuses as before.
 */
async function ranEveryMigration(db: Kysely<unknown>): Promise<boolean> {
  const { rows: tables } = await sql<{ present: boolean }>`
    select to_regclass('kysely_migration') is not null as present`.execute(db)
  if (!tables[0]?.present) return false
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db)
  const ran = new Set(rows.map((row) => row.name))
  return ran.size === migrationNames.length && migrationNames.every((name) => ran.has(name))
}

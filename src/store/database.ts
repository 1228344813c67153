import { type Kysely, sql } from 'kysely'
import type { MessageBus } from './bus.ts'
import { migrateToLatest } from './migrate.ts'
import { openPGlite } from './pglite/open.ts'
import { openPostgres } from './postgres/open.ts'
import type { Database } from './schema.ts'

export { DataDirInUseError } from './pglite/data-dir-lock.ts'

export type DriverName = 'pglite' | 'postgres'

/** The database, whichever driver serves it, and the bus its processes talk on. */
export interface Store extends MessageBus {
  db: Kysely<Database>
  driver: DriverName
  close(): Promise<void>
}

export type StoreOptions = { databaseUrl: string } | { dataDir: string }

/** Opens PostgreSQL (`databaseUrl`) or the embedded database (`dataDir`), migrated to the latest schema. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const store =
    'databaseUrl' in options ? openPostgres(options.databaseUrl) : await openPGlite(options.dataDir)
  await migrateToLatest(store.db as Kysely<unknown>)
  return store
}

export async function isStoreReachable(store: Store): Promise<boolean> {
  try {
    await sql`select 1`.execute(store.db)
    return true
  } catch {
    return false
  }
}

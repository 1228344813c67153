import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { Kysely } from 'kysely'
import { KyselyPGlite } from 'kysely-pglite'
import type { Store } from '../database.ts'
import type { Database } from '../schema.ts'
import { lockDataDir } from './data-dir-lock.ts'
import { pgliteBus } from './notifications.ts'
import { serializeDriver } from './serialized-driver.ts'

/** The embedded database in `dataDir`, for this process only. */
export async function openPGlite(dataDir: string): Promise<Store> {
  mkdirSync(dataDir, { recursive: true })
  const unlock = lockDataDir(dataDir)
  let client: PGlite
  try {
    client = await PGlite.create({ dataDir })
  } catch (error) {
    unlock()
    throw error
  }
  const dialect = new KyselyPGlite(client).dialect
  const serialized = {
    ...dialect,
    createDriver: () => serializeDriver(dialect.createDriver()),
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db: Kysely<unknown>) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
  }
  const db = new Kysely<Database>({ dialect: serialized })
  return {
    db,
    driver: 'pglite',
    ...pgliteBus(client),
    async close() {
      await db.destroy()
      unlock()
    },
  }
}

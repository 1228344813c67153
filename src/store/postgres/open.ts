import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Store } from '../database.ts'
import type { Database } from '../schema.ts'
import { postgresBus } from './notifications.ts'

/** A PostgreSQL server, shared by any number of Gatehouse processes. */
export function openPostgres(databaseUrl: string): Store {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 5000 })
  // An idle client that loses its server must not crash the process; the pool replaces it.
  pool.on('error', () => {})
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  const { close: closeBus, ...bus } = postgresBus(pool, databaseUrl)
  return {
    db,
    driver: 'postgres',
    ...bus,
    async close() {
      await closeBus()
      await db.destroy()
    },
  }
}

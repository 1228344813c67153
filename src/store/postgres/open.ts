import { Kysely, PostgresDialect, sql } from 'kysely'
import type { Store } from '../database.ts'
import type { Database } from '../schema.ts'
import { Availability } from './availability.ts'
import { postgresBus } from './notifications.ts'
import { guardedPool, openPool } from './pool.ts'

/** A PostgreSQL server, shared by any number of Gatehouse processes. `timeoutMs` bounds every
 *  wait on it (pool.ts) and how long its notification connection may stay silent. */
export function openPostgres(databaseUrl: string, timeoutMs: number): Store {
  const pool = openPool(databaseUrl, timeoutMs)
  const availability = new Availability()
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: guardedPool(pool, availability) }) })
  availability.probeWith('queries', () => sql`select 1`.execute(db))
  const { close: closeBus, ...bus } = postgresBus(pool, databaseUrl, { timeoutMs, availability })
  return {
    db,
    driver: 'postgres',
    ...bus,
    watchAvailability: (watcher) => availability.watch(watcher),
    listenerUp: () => !availability.isFailing('notifications'),
    poolStatistics: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      await closeBus()
      await db.destroy()
    },
  }
}

/**
 * A connection for the migrations alone, without the store's time limits: creating an index on
 * a large table, or waiting for another process's migrations (an advisory lock), may take long.
 */
export function openMigrationConnection(databaseUrl: string): Kysely<unknown> {
  return new Kysely<unknown>({ dialect: new PostgresDialect({ pool: openPool(databaseUrl, 0) }) })
}

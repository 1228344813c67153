import { type Kysely, sql } from 'kysely'
import { ConfigError, DEFAULT_DATABASE_TIMEOUT_MS, databaseAddress } from '../config.ts'
import type { MessageBus } from './bus.ts'
import { migrateToLatest } from './migrate.ts'
import { openPGlite } from './pglite/open.ts'
import { type AvailabilityChange, DatabaseUnavailableError } from './postgres/availability.ts'
import { openMigrationConnection, openPostgres } from './postgres/open.ts'
import type { Database } from './schema.ts'

export { DataDirInUseError } from './pglite/data-dir-lock.ts'
export { type AvailabilityChange, DatabaseUnavailableError }

export type DriverName = 'pglite' | 'postgres'

/** The database, whichever driver serves it, and the bus its processes talk on. */
export interface Store extends MessageBus {
  db: Kysely<Database>
  driver: DriverName
  /** Tells `watcher` when the database stops answering this process, and when it answers again:
   *  once each way per outage. The embedded database, inside the process, has no outages. */
  watchAvailability?(watcher: (change: AvailabilityChange) => void): void
  /** PostgreSQL: false while this process's LISTEN connection is lost or silent, when revocations
   *  made by other processes cannot reach it (its cache is off meanwhile, so it stays correct). */
  listenerUp?(): boolean
  /** PostgreSQL: this process's pool, for the metrics (connections open, idle, and queries waiting). */
  poolStatistics?(): { total: number; idle: number; waiting: number }
  close(): Promise<void>
}

/** `timeoutMs` bounds every wait on PostgreSQL (GATEHOUSE_DATABASE_TIMEOUT_MS). */
export type StoreOptions = { databaseUrl: string; timeoutMs?: number } | { dataDir: string }

/**
 * Opens PostgreSQL (`databaseUrl`) or the embedded database (`dataDir`), migrated to the latest
 * schema. A server that cannot be reached is a ConfigError naming DATABASE_URL, found by one
 * query before the migrations so that their error does not hide it.
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  const store =
    'databaseUrl' in options
      ? openPostgres(options.databaseUrl, options.timeoutMs ?? DEFAULT_DATABASE_TIMEOUT_MS)
      : await openPGlite(options.dataDir)
  try {
    if ('databaseUrl' in options) {
      await reachPostgres(store, options.databaseUrl)
      const migrationDb = openMigrationConnection(options.databaseUrl)
      try {
        await migrateToLatest(migrationDb)
      } finally {
        await migrationDb.destroy()
      }
    } else {
      await migrateToLatest(store.db as Kysely<unknown>)
    }
  } catch (error) {
    // Release the pool, or the embedded database's lock, before the caller gives up.
    await store.close().catch(() => {})
    throw error
  }
  return store
}

/** Whether the database answers within `withinMs`: false, not an error, if it does not. */
export async function isStoreReachable(store: Store, withinMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const tooLate = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), withinMs)
  })
  const answered = sql`select 1`.execute(store.db).then(
    () => true,
    () => false,
  )
  try {
    return await Promise.race([answered, tooLate])
  } finally {
    clearTimeout(timer)
  }
}

async function reachPostgres(store: Store, databaseUrl: string): Promise<void> {
  try {
    await sql`select 1`.execute(store.db)
  } catch (error) {
    throw new ConfigError(describeUnreachable(databaseUrl, error))
  }
}

/** One line on why PostgreSQL refused us: the host and port, never the password. */
export function describeUnreachable(databaseUrl: string, error: unknown): string {
  const url = new URL(databaseUrl)
  const address = databaseAddress(databaseUrl)
  const user = decodeURIComponent(url.username) || 'the default user'
  const database = decodeURIComponent(url.pathname.slice(1)) || 'the default database'
  const where = `DATABASE_URL points to PostgreSQL at ${address}`
  switch (errorCode(error)) {
    case 'ECONNREFUSED':
      return `${where}, which refused the connection: check the host and port, and that PostgreSQL is running there`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${where}, but host "${url.hostname}" is not known: check the host name in DATABASE_URL`
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'TIMEOUT':
      return `${where}, which did not answer: check the host and port, and that no firewall is in the way`
    case '3D000':
      return `${where}, which has no database "${database}": create it, or fix the database name in DATABASE_URL`
    case '28P01':
    case '28000':
      return `${where}, which refused user "${user}": check the user name and password in DATABASE_URL`
    default:
      return `${where}, which could not be used: ${oneLine(error, decodeURIComponent(url.password))}`
  }
}

function errorCode(error: unknown): string | undefined {
  if (error instanceof DatabaseUnavailableError) return errorCode(error.cause)
  const { code, errors, message } = error as { code?: string; errors?: unknown[]; message?: string }
  // Node reports a refused "localhost" (::1 and 127.0.0.1) as an AggregateError.
  if (!code && Array.isArray(errors) && errors.length > 0) return errorCode(errors[0])
  // pg's connectionTimeoutMillis rejects with a plain Error.
  if (!code && typeof message === 'string' && /timeout/i.test(message)) return 'TIMEOUT'
  return code
}

function oneLine(error: unknown, password: string): string {
  if (error instanceof DatabaseUnavailableError) return oneLine(error.cause, password)
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] || 'unknown error'
  return password ? message.replaceAll(password, '***') : message
}

import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { type DatabaseConnection, type Driver, Kysely, PostgresDialect, sql } from 'kysely'
import { KyselyPGlite } from 'kysely-pglite'
import pg from 'pg'
import { lockDataDir } from './data-dir-lock.ts'
import { migrateToLatest } from './migrate.ts'
import type { Database } from './schema.ts'

export type DriverName = 'pglite' | 'postgres'

/** Cache invalidations travel on this channel, so every process sharing the database hears them. */
export const INVALIDATION_CHANNEL = 'gatehouse_invalidate'
const HEARTBEAT_MS = 20_000

export interface Store {
  db: Kysely<Database>
  driver: DriverName
  /** Calls `onMessage` for every NOTIFY on the invalidation channel, from this or any other process.
   *  `listening(false)` says messages may be lost from now on (the connection dropped): caches must
   *  not be trusted until `listening(true)`. Rejects if the first connection cannot be made. */
  listen(onMessage: (payload: string) => void, listening: (up: boolean) => void): Promise<void>
  close(): Promise<void>
}

export type StoreOptions = { databaseUrl: string } | { dataDir: string }

export async function openStore(options: StoreOptions): Promise<Store> {
  const store =
    'databaseUrl' in options ? openPostgres(options.databaseUrl) : await openPGlite(options.dataDir)
  await migrateToLatest(store.db as Kysely<unknown>)
  return store
}

/** Notify every process (this one included) once the surrounding transaction commits. */
export async function notifyOnCommit(db: Kysely<Database>, payload: string): Promise<void> {
  await sql`select pg_notify(${INVALIDATION_CHANNEL}, ${payload})`.execute(db)
}

export async function isStoreReachable(store: Store): Promise<boolean> {
  try {
    await sql`select 1`.execute(store.db)
    return true
  } catch {
    return false
  }
}

function openPostgres(databaseUrl: string): Store {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 5000 })
  // An idle client that loses its server must not crash the process; the pool replaces it.
  pool.on('error', () => {})
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  let listener: pg.Client | undefined
  let closing = false

  /**
   * Holds one LISTEN connection for the life of the process. While it is down, notifications are
   * lost, so the caller is told (`listening(false)`) and must stop trusting its caches; attempts
   * to reconnect go on every second until one succeeds (`listening(true)`). The connection is
   * idle by design, so a firewall could drop it silently: TCP keepalive plus a query every
   * HEARTBEAT_MS (answered within 5 s) detect that.
   */
  async function listen(
    onMessage: (payload: string) => void,
    listening: (up: boolean) => void,
  ): Promise<void> {
    const connect = async () => {
      if (closing) return
      const client = new pg.Client({
        connectionString: databaseUrl,
        connectionTimeoutMillis: 5000,
        keepAlive: true,
        query_timeout: 5000,
      })
      let lost = false
      let heartbeat: NodeJS.Timeout | undefined
      const onLost = () => {
        clearInterval(heartbeat)
        if (lost || closing) return
        lost = true
        listening(false)
        client.end().catch(() => {})
        setTimeout(() => connect().catch(() => {}), 1000).unref()
      }
      client.on('notification', (msg) => {
        if (msg.channel === INVALIDATION_CHANNEL && msg.payload !== undefined) onMessage(msg.payload)
      })
      client.on('error', onLost)
      client.on('end', onLost)
      try {
        await client.connect()
        await client.query(`LISTEN ${INVALIDATION_CHANNEL}`)
      } catch (error) {
        onLost()
        throw error
      }
      if (closing) {
        await client.end().catch(() => {})
        return
      }
      heartbeat = setInterval(() => {
        client.query('SELECT 1').catch(onLost)
      }, HEARTBEAT_MS).unref()
      listener = client
      listening(true)
    }
    await connect()
  }

  return {
    db,
    driver: 'postgres',
    listen,
    async close() {
      closing = true
      await listener?.end().catch(() => {})
      await db.destroy()
    },
  }
}

async function openPGlite(dataDir: string): Promise<Store> {
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
  // PGlite is one connection; kysely-pglite hands it to every caller at once, so two concurrent
  // transactions would interleave their statements. A mutex gives Kysely one caller at a time.
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
    async listen(onMessage) {
      await client.listen(INVALIDATION_CHANNEL, onMessage)
    },
    async close() {
      await db.destroy()
      unlock()
    },
  }
}

function serializeDriver(driver: Driver): Driver {
  let queue: Promise<void> = Promise.resolve()
  const releases = new WeakMap<DatabaseConnection, () => void>()
  return {
    init: () => driver.init(),
    async acquireConnection() {
      let release!: () => void
      const turn = new Promise<void>((resolve) => {
        release = resolve
      })
      const previous = queue
      queue = queue.then(() => turn)
      await previous
      const connection = await driver.acquireConnection()
      releases.set(connection, release)
      return connection
    },
    async releaseConnection(connection) {
      await driver.releaseConnection(connection)
      releases.get(connection)?.()
    },
    beginTransaction: (c, s) => driver.beginTransaction(c, s),
    commitTransaction: (c) => driver.commitTransaction(c),
    rollbackTransaction: (c) => driver.rollbackTransaction(c),
    destroy: () => driver.destroy(),
  }
}

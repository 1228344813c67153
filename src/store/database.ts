import { randomUUID } from 'node:crypto'
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
/** Each process confirms on this channel that it has applied an invalidation. */
const ACK_CHANNEL = 'gatehouse_invalidate_ack'
/** Listener connections are named so, which tells a process which others are listening. */
const LISTENER_APPLICATION_PREFIX = 'gatehouse-listener:'
const HEARTBEAT_MS = 20_000

export interface Store {
  db: Kysely<Database>
  driver: DriverName
  /** Calls `onMessage` for every message published by this or any other process.
   *  `listening(false)` says messages may be lost from now on (the connection dropped): caches must
   *  not be trusted until `listening(true)`. Rejects if the first connection cannot be made. */
  listen(onMessage: (payload: string) => void, listening: (up: boolean) => void): Promise<void>
  /** Inside a transaction: sends `payload` to every process, this one included, when it commits.
   *  Returns the message's id, for `delivered`. */
  publish(trx: Kysely<Database>, payload: string): Promise<string>
  /** After the commit: true once every process listening now has handled the message, false if
   *  some have not within `timeoutMs`. NOTIFY alone is asynchronous (each listening backend must
   *  be scheduled to pass it on); waiting for the acknowledgements makes "refused by every
   *  process on the next request" hold even on a loaded machine. */
  delivered(messageId: string, timeoutMs: number): Promise<boolean>
  close(): Promise<void>
}

export type StoreOptions = { databaseUrl: string } | { dataDir: string }

export async function openStore(options: StoreOptions): Promise<Store> {
  const store =
    'databaseUrl' in options ? openPostgres(options.databaseUrl) : await openPGlite(options.dataDir)
  await migrateToLatest(store.db as Kysely<unknown>)
  return store
}

interface Envelope {
  id: string
  payload: string
}

async function notify(db: Kysely<Database>, channel: string, message: object): Promise<void> {
  await sql`select pg_notify(${channel}, ${JSON.stringify(message)})`.execute(db)
}

function openEnvelope(text: string): Envelope | undefined {
  try {
    const value = JSON.parse(text) as Envelope
    return typeof value?.id === 'string' && typeof value.payload === 'string' ? value : undefined
  } catch {
    return undefined
  }
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
  const processId = randomUUID()
  /** Message id -> the processes that confirmed it, and a callback to re-check a waiter. */
  const acknowledgements = new Map<string, { by: Set<string>; publishedAt: number; recheck?: () => void }>()

  async function publish(trx: Kysely<Database>, payload: string): Promise<string> {
    const id = randomUUID()
    const now = Date.now()
    // A message whose transaction rolled back is never waited for: forget it after a minute.
    for (const [key, entry] of acknowledgements)
      if (now - entry.publishedAt > 60_000) acknowledgements.delete(key)
    acknowledgements.set(id, { by: new Set(), publishedAt: now })
    await notify(trx, INVALIDATION_CHANNEL, { id, payload } satisfies Envelope)
    return id
  }

  async function delivered(messageId: string, timeoutMs: number): Promise<boolean> {
    const { rows } = await pool.query<{ application_name: string }>(
      `SELECT application_name FROM pg_stat_activity
        WHERE datname = current_database() AND application_name LIKE $1`,
      [`${LISTENER_APPLICATION_PREFIX}%`],
    )
    const expected = rows.map((row) => row.application_name.slice(LISTENER_APPLICATION_PREFIX.length))
    const entry = acknowledgements.get(messageId)
    if (!entry) return false
    return new Promise<boolean>((resolve) => {
      const finish = (ok: boolean) => {
        clearTimeout(timer)
        acknowledgements.delete(messageId)
        resolve(ok)
      }
      const timer = setTimeout(() => finish(false), timeoutMs)
      entry.recheck = () => {
        if (expected.every((id) => entry.by.has(id))) finish(true)
      }
      entry.recheck()
    })
  }

  function acknowledge(text: string) {
    try {
      const { id, by } = JSON.parse(text) as { id: string; by: string }
      const entry = acknowledgements.get(id)
      if (!entry || typeof by !== 'string') return
      entry.by.add(by)
      entry.recheck?.()
    } catch {}
  }

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
        application_name: `${LISTENER_APPLICATION_PREFIX}${processId}`,
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
        if (msg.payload === undefined) return
        if (msg.channel === ACK_CHANNEL) return acknowledge(msg.payload)
        if (msg.channel !== INVALIDATION_CHANNEL) return
        const envelope = openEnvelope(msg.payload)
        // Unreadable: hand it on as is (the cache then forgets everything, the safe answer).
        onMessage(envelope ? envelope.payload : msg.payload)
        if (envelope) {
          const ack = { id: envelope.id, by: processId }
          client.query('SELECT pg_notify($1, $2)', [ACK_CHANNEL, JSON.stringify(ack)]).catch(() => {})
        }
      })
      client.on('error', onLost)
      client.on('end', onLost)
      try {
        await client.connect()
        await client.query(`LISTEN ${INVALIDATION_CHANNEL}`)
        await client.query(`LISTEN ${ACK_CHANNEL}`)
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
    publish,
    delivered,
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
      await client.listen(INVALIDATION_CHANNEL, (text) => onMessage(openEnvelope(text)?.payload ?? text))
    },
    async publish(trx, payload) {
      const id = randomUUID()
      await notify(trx, INVALIDATION_CHANNEL, { id, payload } satisfies Envelope)
      return id
    },
    // One process: the caller evicts its own cache synchronously, so there is no one to wait for.
    delivered: async () => true,
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

import { createHash } from 'node:crypto'
import type { PostgresPool, PostgresPoolClient } from 'kysely'
import pg from 'pg'
import pgUtils from 'pg/lib/utils.js'
import { isUnread } from '../statement.ts'
import {
  type Availability,
  DatabaseUnavailableError,
  isConnectionFailure,
  leavesConnectionInDoubt,
} from './availability.ts'

const MAX_CONNECTIONS = 10
/**
 * The client gives up on a query a little after the server would have cancelled it: a server that
 * is slow but alive answers with its own error (57014) and keeps the connection; one that does
 * not answer at all (a hung network, a frozen backend) is left behind.
 */
const CLIENT_MARGIN_MS = 500

/**
 * A pg pool in which no wait is unbounded when `timeoutMs` > 0: getting a connection (a free one,
 * or a new one), each statement on the server (statement_timeout), each answer on the client
 * (query_timeout), and a transaction left idle by a client that vanished. 0: no limits (the
 * migrations, which may legitimately take long).
 */
export function openPool(databaseUrl: string, timeoutMs: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: MAX_CONNECTIONS,
    keepAlive: true,
    ...(timeoutMs > 0
      ? {
          connectionTimeoutMillis: timeoutMs,
          statement_timeout: timeoutMs,
          query_timeout: timeoutMs + CLIENT_MARGIN_MS,
          // A transaction whose client disappeared must not keep its row locks (a revocation's).
          idle_in_transaction_session_timeout: 2 * timeoutMs,
        }
      : {}),
  })
  // An idle client that loses its server must not crash the process; the pool replaces it.
  pool.on('error', () => {})
  return pool
}

/**
 * A query as pg sends it. A statement that reads or writes rows goes as a named prepared
 * statement: pg parses it once per connection and then only binds and executes it, and the server
 * plans it once instead of at every run. Measured on this machine, one indexed join, serial:
 * 178 us a query unnamed, 36 us prepared. Statements with a `*` (select *, returning *, count(*))
 * stay unnamed: a table that gains a column would change the rows a prepared `select *` answers,
 * which PostgreSQL refuses.
 */
function asPrepared(text: string, values: unknown[]): pg.QueryConfig {
  if (!PREPARABLE.test(text) || text.includes('*')) return { text, values }
  let name = preparedNames.get(text)
  if (name === undefined) {
    // Past the bound, new texts run unprepared rather than grow every connection's statements.
    if (preparedNames.size >= MAX_PREPARED) return { text, values }
    name = `gatehouse_${createHash('sha256').update(text).digest('base64url').slice(0, 32)}`
    preparedNames.set(text, name)
  }
  return { name, text, values }
}

const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i
/** Names of the statements seen, by text (Kysely's texts are a fixed set, their values apart). */
const preparedNames = new Map<string, string>()
const MAX_PREPARED = 2000

/** What Kysely reads of a BEGIN, COMMIT, ROLLBACK or unread statement not sent (yet). */
const NOTHING_SENT = { command: '', rowCount: null, rows: [] }

/** A COMMIT sent behind the statements a transaction left unsent, in the same batch. */
const COMMIT_BEHIND: BatchableConfig = { text: 'commit', values: [], queryMode: 'extended' }

type BatchableConfig = pg.QueryConfig & { queryMode?: 'extended' }

/** What a transaction has not sent yet, to go in front of its next statement (or COMMIT). */
interface Unsent {
  begin: boolean
  /** Statements whose answers nobody reads (statement.ts, `send`), prepared on this connection. */
  statements: pg.QueryConfig[]
}

/**
 * Runs `config` with what its transaction left unsent in front: the BEGIN and the unread
 * statements, in one write and one round trip (a token creation's BEGIN and audit record cost no
 * round trip of their own).
 * A statement this connection has not prepared yet, and a query of the simple protocol, go after
 * those sent one by one: pg would count a BEGIN's ParseComplete as the statement's, and the simple
 * protocol cannot share a batch.
 */
async function runBehind(
  client: pg.PoolClient,
  prepared: Set<string>,
  unsent: Unsent,
  config: BatchableConfig,
): Promise<pg.QueryResult> {
  const nothingBefore = !unsent.begin && unsent.statements.length === 0
  const batchable =
    config.name === undefined
      ? config.queryMode === 'extended' || (config.values?.length ?? 0) > 0
      : prepared.has(config.name)
  let results: pg.QueryResult | pg.QueryResult[]
  if (nothingBefore || !batchable) {
    if (unsent.begin) await client.query('begin')
    for (const statement of unsent.statements) await client.query(statement)
    results = await client.query(config)
  } else {
    results = await new Promise<pg.QueryResult | pg.QueryResult[]>((resolve, reject) => {
      client.query(
        new BatchedQuery(unsent, config, (error, result) =>
          error ? reject(error) : resolve(result as never),
        ),
      )
    })
  }
  if (config.name !== undefined) prepared.add(config.name)
  // The results of what went in front, then the statement's.
  return Array.isArray(results) ? (results.at(-1) as pg.QueryResult) : results
}

/** The statements prepared on each connection: only those can go behind others (runBehind). */
const preparedOn = new WeakMap<pg.ClientBase, Set<string>>()

/** The parts of pg's connection BatchedQuery writes with (as pg-cursor does). */
interface ProtocolWriter {
  stream: { cork?: () => void; uncork?: () => void }
  parse(message: { text: string; name: string; types: unknown[] }): void
  bind(message: {
    portal: string
    statement: string
    values: unknown[]
    valueMapper?: (value: unknown) => unknown
  }): void
  describe(message: { type: 'P'; name: string }): void
  execute(message: { portal: string; rows: number }): void
}

/**
 * A statement with a transaction's unsent messages in front (a BEGIN; unread statements, each
 * bound and executed), all before the statement's one Sync. PostgreSQL runs them in turn: a BEGIN
 * there turns the batch's implicit transaction into an explicit one that the Sync does not end,
 * and the first to fail skips the rest, so its error is the one pg reports. pg reads the answers
 * as the results of a multi-statement query, the statement's last.
 */
class BatchedQuery extends pg.Query {
  constructor(
    unsent: Unsent,
    config: BatchableConfig,
    callback: (error: Error | undefined, result: unknown) => void,
  ) {
    super(config, callback)
    const submitStatement = this.submit
    this.submit = (connection) => {
      const writer = connection as unknown as ProtocolWriter
      writer.stream.cork?.()
      try {
        if (unsent.begin) {
          writer.parse({ text: 'begin', name: '', types: [] })
          writer.bind({ portal: '', statement: '', values: [] })
          writer.execute({ portal: '', rows: 0 })
        }
        for (const statement of unsent.statements) {
          writer.bind({
            portal: '',
            statement: statement.name ?? '',
            values: statement.values ?? [],
            valueMapper: pgUtils.prepareValue,
          })
          writer.describe({ type: 'P', name: '' })
          writer.execute({ portal: '', rows: 0 })
        }
        return submitStatement.call(this, connection)
      } finally {
        writer.stream.uncork?.()
      }
    }
  }
}

/** PostgreSQL's "cached plan must not change result type": a prepared statement outlived by DDL. */
function isStalePreparedStatement(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  return code === '0A000' && typeof message === 'string' && message.includes('cached plan')
}

/**
 * The pool as Kysely sees it, with two guards. A query that fails without a server error (a
 * timeout, a dropped connection) may still be answered later on that connection, or leave its
 * transaction open there: the connection is destroyed, never reused. And failures that mean the
 * database cannot be reached become DatabaseUnavailableError (a 503, not a 500), reported to
 * `availability` with every query that works again.
 */
export function guardedPool(pool: pg.Pool, availability: Availability): PostgresPool {
  const unavailable = (error: unknown): unknown => {
    if (!isConnectionFailure(error)) return error
    availability.failed('queries', error)
    return error instanceof DatabaseUnavailableError ? error : new DatabaseUnavailableError(error)
  }
  return {
    async connect(): Promise<PostgresPoolClient> {
      let client: pg.PoolClient
      try {
        client = await pool.connect()
      } catch (error) {
        throw unavailable(error)
      }
      let inDoubt: unknown
      // pg-pool takes its own error listener off a client it hands out, and a pg client that
      // loses its connection emits 'error' even between queries: unheard, that event is an
      // uncaught exception and ends the process (a database dropping every connection killed
      // one this way under the fault tests). Heard here, the client is only destroyed on release.
      const onError = (error: unknown) => {
        inDoubt ??= error
        unavailable(error)
      }
      client.on('error', onError)
      const prepared = preparedOn.get(client) ?? new Set<string>()
      preparedOn.set(client, prepared)
      let inTransaction = false
      /** Sent with the transaction's next statement or its COMMIT (runBehind). */
      let unsent: Unsent = { begin: false, statements: [] }
      const takeUnsent = () => {
        const taken = unsent
        unsent = { begin: false, statements: [] }
        return taken
      }
      const send = async (text: string, parameters: unknown[]) => {
        const control = parameters.length === 0 ? text : undefined
        if (control === 'begin') {
          inTransaction = true
          unsent = { begin: true, statements: [] }
          return NOTHING_SENT
        }
        if (control === 'commit' || control === 'rollback') {
          inTransaction = false
          const taken = takeUnsent()
          // A transaction that ran no statement was never begun: nothing to end.
          if (taken.begin) return NOTHING_SENT
          // A rollback undoes what was not sent: it need not go at all.
          if (control === 'commit' && taken.statements.length > 0)
            return runBehind(client, prepared, taken, COMMIT_BEHIND)
          return client.query(text)
        }
        const config = asPrepared(text, parameters)
        if (inTransaction && !unsent.begin && isUnread(text) && config.name && prepared.has(config.name)) {
          unsent.statements.push(config)
          return NOTHING_SENT
        }
        return runBehind(client, prepared, takeUnsent(), config)
      }
      const query = async (text: string, parameters: readonly unknown[]) => {
        // Its last query may still be running, or answer late: nothing more goes on it.
        if (inDoubt !== undefined) throw unavailable(new DatabaseUnavailableError(inDoubt))
        try {
          const result = await send(text, parameters as unknown[])
          availability.worked('queries')
          return result
        } catch (error) {
          if (leavesConnectionInDoubt(error)) inDoubt = error
          // A statement prepared here whose columns changed type since (another process migrated
          // the schema) fails on this connection for good: it is left, and the request may be
          // retried on another (a 503, not a 500).
          if (isStalePreparedStatement(error)) {
            inDoubt = error
            throw new DatabaseUnavailableError(error)
          }
          throw unavailable(error)
        }
      }
      return {
        query: query as unknown as PostgresPoolClient['query'],
        release(destroy?: boolean) {
          client.removeListener('error', onError)
          client.release(inDoubt !== undefined || destroy === true)
        },
      }
    },
    end: () => pool.end(),
  }
}

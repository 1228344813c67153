import { createHash } from 'node:crypto'
import type { PostgresPool, PostgresPoolClient } from 'kysely'
import pg from 'pg'
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

/** What Kysely reads of a BEGIN, COMMIT or ROLLBACK that needed no round trip. */
const NOTHING_SENT = { command: '', rowCount: null, rows: [] }

/** The prepared statements each client has run: only those can carry a BEGIN (OpeningQuery). */
const parsedBy = new WeakMap<pg.ClientBase, Set<string>>()

/**
 * Runs a transaction's first statement with its BEGIN in front, in one write and one round trip
 * (one of the six of a token creation). A statement this client has not prepared yet goes after a
 * BEGIN of its own: pg would count the BEGIN's ParseComplete as the statement's.
 */
async function openTransactionWith(client: pg.PoolClient, config: pg.QueryConfig): Promise<pg.QueryResult> {
  const parsed = parsedBy.get(client) ?? new Set<string>()
  parsedBy.set(client, parsed)
  if (config.name === undefined || !parsed.has(config.name)) {
    await client.query('begin')
    const result = await client.query(config)
    if (config.name !== undefined) parsed.add(config.name)
    return result
  }
  const results = await new Promise<pg.QueryResult | pg.QueryResult[]>((resolve, reject) => {
    client.query(
      new OpeningQuery(config, (error, result) => (error ? reject(error) : resolve(result as never))),
    )
  })
  // The BEGIN's result, then the statement's.
  return Array.isArray(results) ? (results.at(-1) as pg.QueryResult) : results
}

/** The parts of pg's connection OpeningQuery writes with (as pg-cursor does). */
interface ProtocolWriter {
  stream: { cork?: () => void; uncork?: () => void }
  parse(message: { text: string; name: string; types: unknown[] }): void
  bind(message: { portal: string; statement: string; values: unknown[] }): void
  execute(message: { portal: string; rows: number }): void
}

/**
 * A prepared statement preceded by BEGIN in the same batch of extended-protocol messages, under
 * one Sync: PostgreSQL runs the BEGIN, which turns the batch's implicit transaction into an
 * explicit one that the Sync does not end, then the statement. pg reads both answers as the
 * results of a multi-statement query, the statement's last.
 */
class OpeningQuery extends pg.Query {
  constructor(config: pg.QueryConfig, callback: (error: Error | undefined, result: unknown) => void) {
    super(config, callback)
    const submitStatement = this.submit
    this.submit = (connection) => {
      const writer = connection as unknown as ProtocolWriter
      writer.stream.cork?.()
      try {
        writer.parse({ text: 'begin', name: '', types: [] })
        writer.bind({ portal: '', statement: '', values: [] })
        writer.execute({ portal: '', rows: 0 })
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
      /** A BEGIN not sent yet: it goes with the transaction's first statement (see OpeningQuery). */
      let beginPending = false
      const query = async (text: string, parameters: readonly unknown[]) => {
        // Its last query may still be running, or answer late: nothing more goes on it.
        if (inDoubt !== undefined) throw unavailable(new DatabaseUnavailableError(inDoubt))
        if (text === 'begin' && parameters.length === 0) {
          beginPending = true
          return NOTHING_SENT
        }
        const opening = beginPending
        beginPending = false
        // A transaction that ran no statement was never begun: nothing to end.
        if (opening && (text === 'commit' || text === 'rollback')) return NOTHING_SENT
        try {
          const config = asPrepared(text, parameters as unknown[])
          const result = opening ? await openTransactionWith(client, config) : await client.query(config)
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

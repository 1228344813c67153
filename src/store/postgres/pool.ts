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
      const query = async (text: string, parameters: readonly unknown[]) => {
        // Its last query may still be running, or answer late: nothing more goes on it.
        if (inDoubt !== undefined) throw unavailable(new DatabaseUnavailableError(inDoubt))
        try {
          const result = await client.query(asPrepared(text, parameters as unknown[]))
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

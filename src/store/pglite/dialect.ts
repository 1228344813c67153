import type { PGlite } from '@electric-sql/pglite'
import {
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely'
import { preparedConnection } from './prepared-connection.ts'
import { serializeDriver } from './serialized-driver.ts'

/**
 * Kysely over an open PGlite: PostgreSQL's adapter, introspector and compiler, and a driver that
 * runs each compiled query on PGlite's one connection, one caller at a time (serializeDriver), as
 * a prepared statement sent in one batch (prepared-connection.ts).
 * Written here rather than taken from kysely-pglite, whose constructor starts an unawaited
 * "ensure the data dir exists" on the client's directory: once that directory is removed (a test
 * closing its database), the stray promise recreated it or rejected unhandled.
 */
export function pgliteDialect(client: PGlite): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => serializeDriver(pgliteDriver(client)),
    createIntrospector: (db: Kysely<unknown>) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  }
}

function pgliteDriver(client: PGlite): Driver {
  const connection = preparedConnection(client)
  return {
    // A client made with `new PGlite()` may still be starting: query() waits for that, the protocol
    // calls do not.
    init: () => client.waitReady,
    acquireConnection: async () => connection,
    releaseConnection: async () => {},
    beginTransaction: () => connection.begin(),
    commitTransaction: () => connection.end('commit'),
    rollbackTransaction: () => connection.end('rollback'),
    destroy: () => client.close(),
  }
}

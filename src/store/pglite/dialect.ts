import type { PGlite } from '@electric-sql/pglite'
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from 'kysely'
import { serializeDriver } from './serialized-driver.ts'

/**
 * Kysely over an open PGlite: PostgreSQL's adapter, introspector and compiler, and a driver that
 * runs each compiled query on PGlite's one connection, one caller at a time (serializeDriver).
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
  const connection: DatabaseConnection = {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      const result = await client.query<R>(query.sql, [...query.parameters])
      return {
        rows: result.rows,
        ...(result.affectedRows === undefined ? {} : { numAffectedRows: BigInt(result.affectedRows) }),
      }
    },
    // biome-ignore lint/correctness/useYield: PGlite answers whole results; Kysely's stream() is not used here
    async *streamQuery() {
      throw new Error('PGlite does not stream query results.')
    },
  }
  return {
    init: async () => {},
    acquireConnection: async () => connection,
    releaseConnection: async () => {},
    beginTransaction: async (c) => void (await c.executeQuery(CompiledQuery.raw('begin'))),
    commitTransaction: async (c) => void (await c.executeQuery(CompiledQuery.raw('commit'))),
    rollbackTransaction: async (c) => void (await c.executeQuery(CompiledQuery.raw('rollback'))),
    destroy: () => client.close(),
  }
}

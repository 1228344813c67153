import { type Kysely, sql } from 'kysely'
import type { Database } from '../store/schema.ts'
import type { IssuedDigestsLoad } from './auth-cache.ts'

/** Digests read per query: bounded memory, and short queries that requests can slip between. */
const CHUNK = 10_000
const RETRY_AFTER_MS = 1000

export interface IssuedDigestsLog {
  info(fields: object, message: string): void
  debug(fields: object, message: string): void
}

/**
 * The digests a token is accepted by: its current value's, and the value its last rotation replaced
 * (kept for the grace period; each column has its own index, the second a partial one).
 */
const DIGEST_COLUMNS = ['token_digest', 'previous_token_digest'] as const

/**
 * Fills `load` with the digest of every API token in the database, and of every value a rotation
 * replaced, by keyset over each digest's index (a million tokens: a hundred short queries), then
 * hands the filter over. A failed
 * query is retried from where it stopped, every second, until the load is voided (a gap in the
 * messages) or `stopped()`.
 */
export async function loadIssuedDigests(
  db: Kysely<Database>,
  load: IssuedDigestsLoad,
  log: IssuedDigestsLog,
  stopped: () => boolean,
): Promise<{ digests: number; ms: number } | undefined> {
  const started = performance.now()
  // Let the process finish starting (listen) before the first query, which may scan every token.
  await new Promise((resolve) => setImmediate(resolve))
  let after: string | undefined
  let read = 0
  let counted = false
  let column = 0
  while (load.active && !stopped()) {
    try {
      if (!counted) {
        load.expect(await digestsToExpect(db))
        counted = true
      }
      const digestColumn = DIGEST_COLUMNS[column] as (typeof DIGEST_COLUMNS)[number]
      // Hex from the database itself: the same string whichever driver (PGlite answers bytea as
      // Uint8Array, pg as Buffer), and the cache's own key.
      let query = db
        .selectFrom('api_tokens')
        .select(sql<string>`encode(${sql.ref(digestColumn)}, 'hex')`.as('digest'))
        .where(digestColumn, 'is not', null)
        .orderBy(digestColumn)
        .limit(CHUNK)
      if (after) query = query.where(digestColumn, '>', sql<Buffer>`decode(${after}, 'hex')`)
      const rows = await query.execute()
      for (const row of rows) load.add(row.digest)
      read += rows.length
      if (rows.length < CHUNK && column < DIGEST_COLUMNS.length - 1) {
        column++
        after = undefined
        continue
      }
      if (rows.length < CHUNK) {
        if (!load.finish()) return undefined
        const loaded = { digests: read, ms: Math.round(performance.now() - started) }
        log.info(loaded, 'issued token digests loaded: never-issued tokens are refused from memory')
        return loaded
      }
      after = rows[rows.length - 1]?.digest
      // The embedded database answers within the same turn of the event loop (its queries run on
      // this thread and resolve as promises), so without a pause a million tokens' hundred chunks
      // ran back to back and held off everything else, listening included: 10 s before healthy.
      await new Promise((resolve) => setImmediate(resolve))
    } catch (error) {
      log.debug({ err: error }, 'issued token digests: loading again in a second')
      await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS).unref())
    }
  }
  return undefined
}

/**
 * How many digests the filter is sized for. Once the table has statistics (PostgreSQL's
 * autovacuum keeps them; any VACUUM or ANALYZE sets them), the planner's estimate of its rows,
 * which costs no scan: its rows per page scaled to the table's current size on disk, so a table
 * that grew since is still estimated well. Counting a million tokens read every row: 300-400 ms
 * in which the embedded database, on this thread, answered nothing (start to healthy: 2.0 s at a
 * million tokens against 1.6 s at ten thousand). Without statistics (the embedded database has
 * no autovacuum) the planner guesses from the size alone, measured at 0.4 of the true count:
 * then the exact count, as before. The filter's headroom covers an estimate that lags, and the
 * few digests replaced by rotations; a filter sized short never refuses an issued token, it only
 * lets more unknown ones through to the database.
 */
export async function digestsToExpect(db: Kysely<Database>): Promise<number> {
  const { rows: statistics } = await sql<{ tuples: number; pages: number }>`
    select reltuples::float8 as tuples, relpages as pages from pg_class where oid = 'api_tokens'::regclass`.execute(
    db,
  )
  const table = statistics[0]
  if (table && table.tuples > 0 && table.pages > 0) {
    const { rows } = await sql<{
      'QUERY PLAN': unknown
    }>`explain (format json) select from api_tokens`.execute(db)
    const plan = rows[0]?.['QUERY PLAN']
    const parsed = (typeof plan === 'string' ? JSON.parse(plan) : plan) as [{ Plan: { 'Plan Rows': number } }]
    return Math.ceil(Number(parsed[0].Plan['Plan Rows']) || 0)
  }
  const { count, previous } = await db
    .selectFrom('api_tokens')
    .select((eb) => [
      eb.fn.countAll<string>().as('count'),
      eb.fn.count<string>('previous_token_digest').as('previous'),
    ])
    .executeTakeFirstOrThrow()
  return Number(count) + Number(previous)
}

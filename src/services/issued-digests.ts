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
 * Fills `load` with the digest of every API token in the database, by keyset over the digest's
 * unique index (a million tokens: a hundred short queries), then hands the filter over. A failed
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
  let after: string | undefined
  let read = 0
  let counted = false
  while (load.active && !stopped()) {
    try {
      if (!counted) {
        const { count } = await db
          .selectFrom('api_tokens')
          .select((eb) => eb.fn.countAll<string>().as('count'))
          .executeTakeFirstOrThrow()
        load.expect(Number(count))
        counted = true
      }
      // Hex from the database itself: the same string whichever driver (PGlite answers bytea as
      // Uint8Array, pg as Buffer), and the cache's own key.
      let query = db
        .selectFrom('api_tokens')
        .select(sql<string>`encode(token_digest, 'hex')`.as('digest'))
        .orderBy('token_digest')
        .limit(CHUNK)
      if (after) query = query.where('token_digest', '>', sql<Buffer>`decode(${after}, 'hex')`)
      const rows = await query.execute()
      for (const row of rows) load.add(row.digest)
      read += rows.length
      if (rows.length < CHUNK) {
        if (!load.finish()) return undefined
        const loaded = { digests: read, ms: Math.round(performance.now() - started) }
        log.info(loaded, 'issued token digests loaded: never-issued tokens are refused from memory')
        return loaded
      }
      after = rows[rows.length - 1]?.digest
    } catch (error) {
      log.debug({ err: error }, 'issued token digests: loading again in a second')
      await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS).unref())
    }
  }
  return undefined
}

import { type Kysely, sql } from 'kysely'
import type { Database } from '../store/schema.ts'

/**
 * The counters of the limits, kept in PostgreSQL so that every process behind a load balancer
 * counts the same attempts: with three processes an attacker gets the limit, not three times it.
 * Each counted attempt is one statement on an unlogged table (migration 0008), and nothing is
 * counted on the success path of an authentication. The embedded database serves one process, so
 * its limits stay in memory.
 */
export interface SharedCounter {
  /**
   * Counts one attempt of `key` in the fixed window of `windowMs` that holds `nowMs` (windows are
   * aligned on the epoch, so every process agrees on them), and answers the count so far and when
   * the window ends.
   */
  add(
    key: string,
    nowMs: number,
    windowMs: number,
    amount?: number,
  ): Promise<{ count: number; windowEnd: number }>
  /** Takes back one attempt counted in that window (one that turned out not to be a failure). */
  remove(key: string, nowMs: number, windowMs: number): Promise<void>
}

export function sharedCounter(db: Kysely<Database>): SharedCounter {
  return {
    async add(key, nowMs, windowMs, amount = 1) {
      const windowStart = Math.floor(nowMs / windowMs) * windowMs
      const windowEnd = windowStart + windowMs
      const row = await db
        .insertInto('rate_limit_counters')
        .values({ key, window_start: windowStart, count: amount, expires_at: windowEnd })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            count: sql`case when rate_limit_counters.window_start = excluded.window_start
                            then rate_limit_counters.count + excluded.count else excluded.count end`,
            window_start: sql`excluded.window_start`,
            expires_at: sql`excluded.expires_at`,
          }),
        )
        .returning('count')
        .executeTakeFirstOrThrow()
      return { count: row.count, windowEnd }
    },
    async remove(key, nowMs, windowMs) {
      const windowStart = Math.floor(nowMs / windowMs) * windowMs
      await db
        .updateTable('rate_limit_counters')
        .set({ count: sql`greatest(count - 1, 0)` })
        .where('key', '=', key)
        .where('window_start', '=', windowStart)
        .execute()
    },
  }
}

/**
 * Counts attempts of one key that arrive together in one statement: while a key's statement is
 * in flight, the attempts that come meanwhile wait for the next one, which adds them all at once
 * (a "group commit"). Every caller still waits until its own attempt is counted and learns its
 * own place in the window's count, so a limit is exactly as strict as with a statement each; a
 * burst from one address (a guesser spraying well-formed tokens) costs one statement per round
 * trip to the database instead of one per request.
 */
export function coalescingCounter(counter: SharedCounter): SharedCounter {
  interface Batch {
    attempts: number
    nowMs: number
    windowMs: number
    settled: Promise<{ count: number; windowEnd: number }>
    resolve: (result: { count: number; windowEnd: number }) => void
    reject: (error: unknown) => void
  }
  /** Per key: the batch gathering attempts while the key's statement is in flight. */
  const gathering = new Map<string, Batch>()
  const inFlight = new Set<string>()

  const send = (key: string) => {
    const batch = gathering.get(key)
    if (!batch) return
    gathering.delete(key)
    inFlight.add(key)
    counter
      .add(key, batch.nowMs, batch.windowMs, batch.attempts)
      .then(batch.resolve, batch.reject)
      .finally(() => {
        inFlight.delete(key)
        send(key)
      })
  }

  return {
    add(key, nowMs, windowMs, amount = 1) {
      let batch = gathering.get(key)
      if (!batch) {
        let resolve: Batch['resolve'] = () => {}
        let reject: Batch['reject'] = () => {}
        const settled = new Promise<{ count: number; windowEnd: number }>((res, rej) => {
          resolve = res
          reject = rej
        })
        batch = { attempts: 0, nowMs, windowMs, settled, resolve, reject }
        gathering.set(key, batch)
      }
      const joined = batch
      joined.attempts += amount
      const through = joined.attempts
      if (!inFlight.has(key)) send(key)
      // This caller's attempts end at `through` of the batch's: its place in the window's count.
      return joined.settled.then(({ count, windowEnd }) => ({
        count: count - joined.attempts + through,
        windowEnd,
      }))
    },
    remove: (key, nowMs, windowMs) => counter.remove(key, nowMs, windowMs),
  }
}

/** What the account lockout keeps per account (see http/plugins/login-limiter.ts). */
export interface SharedLockouts {
  /** Until when the account is locked (0: it is not), and whether it has failures to forget. */
  read(account: string, nowMs: number): Promise<{ lockedUntil: number; failures: number }>
  /** One more failure; answers the failures in a row (after `forgetAfterMs` quiet, counting anew). */
  fail(
    account: string,
    nowMs: number,
    lockFor: (failures: number) => number,
    forgetAfterMs: number,
  ): Promise<number>
  /** A success: the account starts afresh. */
  forget(account: string): Promise<void>
}

export function sharedLockouts(db: Kysely<Database>): SharedLockouts {
  return {
    async read(account, nowMs) {
      const row = await db
        .selectFrom('login_lockouts')
        .select(['locked_until', 'failures'])
        .where('account', '=', account)
        .executeTakeFirst()
      if (!row) return { lockedUntil: 0, failures: 0 }
      return { lockedUntil: row.locked_until > nowMs ? row.locked_until : 0, failures: row.failures }
    },
    async fail(account, nowMs, lockFor, forgetAfterMs) {
      // The count first (one statement, atomic across processes), then the lock it calls for.
      const row = await db
        .insertInto('login_lockouts')
        .values({ account, failures: 1, locked_until: 0, last_failure: nowMs })
        .onConflict((oc) =>
          oc.column('account').doUpdateSet({
            failures: sql`case when ${nowMs}::float8 - login_lockouts.last_failure >= ${forgetAfterMs}::float8
                                and login_lockouts.locked_until <= ${nowMs}::float8
                               then 1 else login_lockouts.failures + 1 end`,
            last_failure: sql`excluded.last_failure`,
          }),
        )
        .returning('failures')
        .executeTakeFirstOrThrow()
      const lock = lockFor(row.failures)
      if (lock > 0) {
        await db
          .updateTable('login_lockouts')
          .set({ locked_until: sql`greatest(locked_until, ${nowMs + lock}::float8)` })
          .where('account', '=', account)
          .execute()
      }
      return row.failures
    },
    async forget(account) {
      await db.deleteFrom('login_lockouts').where('account', '=', account).execute()
    },
  }
}

/** Counters past their window and lockouts long over, deleted by the periodic purge. */
export async function purgeExpiredCounters(
  db: Kysely<Database>,
  nowMs: number,
  forgetAfterMs: number,
): Promise<void> {
  await db.deleteFrom('rate_limit_counters').where('expires_at', '<', nowMs).execute()
  await db
    .deleteFrom('login_lockouts')
    .where('locked_until', '<', nowMs)
    .where('last_failure', '<', nowMs - forgetAfterMs)
    .execute()
}

import { type Kysely, sql } from 'kysely'
import type { Database } from '../store/schema.ts'
import { isDatabaseUnavailable } from './db-errors.ts'
import type { Deps } from './deps.ts'
import { CLOCK_LEEWAY_SECONDS } from './oidc-exchange.ts'
import { purgeExpiredCounters } from './shared-limits.ts'

/** As http/plugins/login-limiter.ts: a lockout quiet this long is forgotten. */
const LOCKOUT_FORGET_AFTER_MS = 15 * 60_000

/** Rows deleted per statement: short transactions, so a purge never holds locks for long. */
export const PURGE_BATCH_SIZE = 1000
/** A finished invitation (accepted, or expired unused) stays listed this long, then goes. */
export const FINISHED_INVITATION_RETENTION_DAYS = 30
/** Any number the processes sharing a database agree on; only the purge takes this lock. */
const PURGE_LOCK_KEY = 7_204_117_001

/** A token a trust issued stays listed this long after it expired, then goes (the trail keeps it). */
export const EXPIRED_OIDC_TOKEN_RETENTION_DAYS = 7

export interface PurgeResult {
  sessions: number
  invitations: number
  /** ID tokens' jtis past their expiry: a replay of them is refused by exp already. */
  oidcUsedTokens: number
  oidcIssuedTokens: number
  /** False when another process was purging: this one left the round to it. */
  ran: boolean
}

/**
 * Deletes expired sessions and invitations finished more than FINISHED_INVITATION_RETENTION_DAYS
 * ago, in batches. Each batch takes a transaction-scoped advisory lock first, so processes
 * sharing one PostgreSQL never purge at the same time: the one that finds it taken stops.
 */
export async function purgeExpired(deps: Pick<Deps, 'db' | 'config' | 'now'>): Promise<PurgeResult> {
  const result: PurgeResult = {
    sessions: 0,
    invitations: 0,
    oidcUsedTokens: 0,
    oidcIssuedTokens: 0,
    ran: true,
  }
  const now = deps.now()
  const day = 24 * 3600 * 1000
  const finishedBefore = new Date(now.getTime() - FINISHED_INVITATION_RETENTION_DAYS * day)
  const sentBefore = new Date(finishedBefore.getTime() - deps.config.invitationTtlDays * day)

  const batches: Array<[keyof Omit<PurgeResult, 'ran'>, (trx: Kysely<Database>) => Promise<number>]> = [
    ['sessions', (trx) => deleteExpiredSessions(trx, now)],
    ['invitations', (trx) => deleteFinishedInvitations(trx, finishedBefore, sentBefore)],
    ['oidcUsedTokens', (trx) => deleteExpiredJtis(trx, now)],
    [
      'oidcIssuedTokens',
      (trx) =>
        deleteExpiredOidcTokens(trx, new Date(now.getTime() - EXPIRED_OIDC_TOKEN_RETENTION_DAYS * day)),
    ],
  ]
  for (const [table, deleteBatch] of batches) {
    for (;;) {
      const deleted = await deps.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ locked: boolean }>`
          select pg_try_advisory_xact_lock(${PURGE_LOCK_KEY}) as locked`.execute(trx)
        return rows[0]?.locked ? deleteBatch(trx) : undefined
      })
      if (deleted === undefined) return { ...result, ran: false }
      result[table] += deleted
      if (deleted < PURGE_BATCH_SIZE) break
    }
  }
  return result
}

async function deleteExpiredSessions(trx: Kysely<Database>, now: Date): Promise<number> {
  const result = await trx
    .deleteFrom('sessions')
    .where('id', 'in', (db) =>
      db.selectFrom('sessions').select('id').where('expires_at', '<', now).limit(PURGE_BATCH_SIZE),
    )
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/**
 * A jti is kept past its token's exp by the exchange's clock leeway, so a token that still passes
 * the exp check is always found here.
 */
async function deleteExpiredJtis(trx: Kysely<Database>, now: Date): Promise<number> {
  const before = new Date(now.getTime() - 2 * CLOCK_LEEWAY_SECONDS * 1000)
  const result = await sql`
    delete from oidc_used_tokens where (issuer, jti) in (
      select issuer, jti from oidc_used_tokens where expires_at < ${before} limit ${PURGE_BATCH_SIZE})`.execute(
    trx,
  )
  return Number(result.numAffectedRows ?? 0)
}

async function deleteExpiredOidcTokens(trx: Kysely<Database>, expiredBefore: Date): Promise<number> {
  const result = await trx
    .deleteFrom('api_tokens')
    .where('id', 'in', (db) =>
      db
        .selectFrom('api_tokens')
        .select('id')
        .where('origin', '=', 'oidc')
        .where('expires_at', '<', expiredBefore)
        .limit(PURGE_BATCH_SIZE),
    )
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Accepted long enough ago, or sent so long ago that it expired and its retention passed. */
async function deleteFinishedInvitations(
  trx: Kysely<Database>,
  finishedBefore: Date,
  sentBefore: Date,
): Promise<number> {
  const result = await trx
    .deleteFrom('invitations')
    .where('id', 'in', (db) =>
      db
        .selectFrom('invitations')
        .select('id')
        .where('created_at', '<', finishedBefore)
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'ACCEPTED'), eb('accepted_at', '<', finishedBefore)]),
            eb.and([eb('status', '!=', 'ACCEPTED'), eb('created_at', '<', sentBefore)]),
          ]),
        )
        .limit(PURGE_BATCH_SIZE),
    )
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/**
 * Runs the purge every `intervalSeconds` for the life of the process (the timer does not keep
 * it alive). A failed round (the database down) is logged and the next one tries again.
 */
export function schedulePurge(
  deps: Pick<Deps, 'db' | 'config' | 'now' | 'store'>,
  log: {
    debug(object: object, message: string): void
    info(object: object, message: string): void
    warn(object: object, message: string): void
  },
): { stop(): void } {
  let running = false
  const round = async () => {
    if (running) return
    running = true
    try {
      const result = await purgeExpired(deps)
      // The limits' counters (PostgreSQL only: the embedded database counts in memory).
      if (deps.store.driver === 'postgres')
        await purgeExpiredCounters(deps.db, deps.now().getTime(), LOCKOUT_FORGET_AFTER_MS)
      const { ran: _ran, ...counts } = result
      if (Object.values(counts).some((count) => count > 0)) log.info(counts, 'purged expired rows')
    } catch (error) {
      // An outage is announced once by the process; the next round tries again either way.
      if (isDatabaseUnavailable(error))
        log.debug({ err: error }, 'purge of expired rows waits for the database')
      else log.warn({ err: error }, 'purge of expired rows failed; it will be tried again')
    } finally {
      running = false
    }
  }
  const timer = setInterval(round, deps.config.purgeIntervalSeconds * 1000)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}

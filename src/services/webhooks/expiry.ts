import { type Kysely, sql } from 'kysely'
import type { Database } from '../../store/schema.ts'
import { enqueueEvent } from './outbox.ts'

const DAY_MS = 24 * 3600_000
/** Tokens noticed per round: a backlog (a first run over many tokens) is worked off a minute at a time. */
const SCAN_BATCH = 500

/**
 * The notices each token with an expiry gets, once each, in order: 7 days before, 1 day before,
 * and when it expires. A token created with less time left skips the notices already past.
 */
const NOTICES = [
  { notice: '7d', type: 'api_token.expiring', from: -7 * DAY_MS, until: -DAY_MS },
  { notice: '1d', type: 'api_token.expiring', from: -DAY_MS, until: 0 },
  // Only tokens expired within a week: a first scan does not announce years-old expiries.
  { notice: 'expired', type: 'api_token.expired', from: 0, until: 7 * DAY_MS },
] as const

/**
 * Puts api_token.expiring and api_token.expired in the outbox for tokens that crossed a notice's
 * threshold. The notice row and the event are written in one transaction, and the notice's
 * primary key makes it once per token whichever process scans first (a second one's insert does
 * nothing and enqueues nothing).
 */
export async function scanTokenExpiries(db: Kysely<Database>, now: Date): Promise<number> {
  let enqueued = 0
  for (const { notice, type, from, until } of NOTICES) {
    await db.transaction().execute(async (trx) => {
      const windowStart = new Date(now.getTime() - until)
      const windowEnd = new Date(now.getTime() - from)
      const due = trx
        .selectFrom('api_tokens')
        .select(['api_tokens.id'])
        .where('api_tokens.expires_at', 'is not', null)
        // Tokens a trust issues to CI jobs live minutes by design (Trusted CI): a notice for each
        // job's token would bury the ones about tokens people made.
        .where('api_tokens.origin', '=', 'manual')
        .where('api_tokens.expires_at', '<=', windowEnd)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('api_token_expiry_notices as n')
                .select(sql`1`.as('one'))
                .whereRef('n.api_token_id', '=', 'api_tokens.id')
                .where('n.notice', '=', notice),
            ),
          ),
        )
        .where('api_tokens.expires_at', '>', windowStart)
      const noticed = await trx
        .insertInto('api_token_expiry_notices')
        .columns(['api_token_id', 'notice'])
        .expression(due.select(sql<string>`${notice}::text`.as('notice')).limit(SCAN_BATCH))
        .onConflict((oc) => oc.doNothing())
        .returning('api_token_id')
        .execute()
      if (noticed.length === 0) return
      const tokens = await trx
        .selectFrom('api_tokens')
        .innerJoin('roles', 'roles.id', 'api_tokens.role_id')
        .select([
          'api_tokens.id',
          'api_tokens.name',
          'api_tokens.organization_id',
          'api_tokens.expires_at',
          'roles.name as role_name',
        ])
        .where(
          'api_tokens.id',
          'in',
          noticed.map((row) => row.api_token_id),
        )
        .execute()
      for (const token of tokens) {
        await enqueueEvent(
          trx,
          token.organization_id,
          type,
          {
            target: { type: 'api_token', id: token.id, name: token.name },
            details: {
              expires_at: token.expires_at?.toISOString() ?? null,
              role_name: token.role_name,
              ...(type === 'api_token.expiring' ? { expires_in: notice === '7d' ? '7 days' : '1 day' } : {}),
            },
          },
          { now },
        )
        enqueued++
      }
    })
  }
  return enqueued
}

import type { Origin } from '../core/principal.ts'
import { recordAudit } from './audit.ts'
import type { Deps } from './deps.ts'

/** The request a token was presented in, for the audit records Gatehouse writes on its own. */
export interface PresentedFrom {
  ip: string
  userAgent: string
  origin: Origin
}

export interface TokenFacts {
  id: string
  name: string
  organizationId: string
}

/**
 * Records `api_token.expired` once per token, whichever process or request sees the expiry first
 * (a refused request, or a list): the flag and the record are written in one transaction, and
 * only by the statement that set the flag.
 */
export async function recordExpiryOnce(
  deps: Pick<Deps, 'db'>,
  token: TokenFacts & { expiresAt: Date },
  from: PresentedFrom,
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const flagged = await trx
      .updateTable('api_tokens')
      .set({ expiry_recorded_at: token.expiresAt })
      .where('id', '=', token.id)
      .where('expiry_recorded_at', 'is', null)
      .returning('id')
      .executeTakeFirst()
    if (!flagged) return
    await recordAudit(
      trx,
      { actor: { type: 'api_token', id: token.id, name: token.name }, ...from },
      {
        organizationId: token.organizationId,
        action: 'api_token.expired',
        target: { type: 'api_token', id: token.id, name: token.name },
        details: { expires_at: token.expiresAt.toISOString() },
      },
    )
  })
}

/** A refused address is recorded at most this often per token and address, per process. */
const REFUSAL_RECORD_INTERVAL_MS = 60_000
const lastRefusalRecorded = new Map<string, number>()

/**
 * Records `api_token.refused_address`, with the refused address as the record's `ip`. A script
 * retrying from the wrong network would otherwise write a record per attempt: one a minute per
 * token and address says the same thing.
 */
export async function recordRefusedAddress(
  deps: Pick<Deps, 'db'>,
  token: TokenFacts,
  from: PresentedFrom,
  nowMs: number,
): Promise<void> {
  const key = `${token.id} ${from.ip}`
  const previous = lastRefusalRecorded.get(key)
  if (previous !== undefined && nowMs - previous < REFUSAL_RECORD_INTERVAL_MS && nowMs >= previous) return
  if (lastRefusalRecorded.size > 10_000) lastRefusalRecorded.clear()
  lastRefusalRecorded.set(key, nowMs)
  await recordAudit(
    deps.db,
    { actor: { type: 'api_token', id: token.id, name: token.name }, ...from },
    {
      organizationId: token.organizationId,
      action: 'api_token.refused_address',
      target: { type: 'api_token', id: token.id, name: token.name },
      details: { ip: from.ip },
    },
  )
}

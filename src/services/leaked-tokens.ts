import { redactSecrets } from '../core/secrets.ts'
import { digestToken, digestTokenHex, isWellFormedToken } from '../core/token.ts'
import { recordAudit } from './audit.ts'
import type { Deps } from './deps.ts'
import { changeAndInvalidate } from './invalidation.ts'
import type { PresentedFrom } from './token-events.ts'

export interface LeakReportEntry {
  token: string
  type?: string | undefined
  url?: string | undefined
  source?: string | undefined
}

export interface LeakReportAnswer {
  token_hash: string
  label: 'reported'
}

/**
 * Values found in public by a secret scanner (GitHub's partner program sends this shape). A
 * string that is not a well-formed Gatehouse token (prefix, alphabet, length, CRC) is dismissed
 * without touching the database. A live token's current value is revoked at once, on every
 * process: marked `revoked_leaked` with where it was found, kept in its organization's list so
 * the admin sees what happened, and recorded in the audit trail. A value replaced by a rotation
 * and still in its grace period loses the rest of it, and the token keeps its new value. Every
 * entry answers the same, whatever was done: the answer says nothing about which tokens exist.
 */
export async function revokeLeakedTokens(
  deps: Deps,
  entries: LeakReportEntry[],
  from: PresentedFrom,
): Promise<LeakReportAnswer[]> {
  const answers: LeakReportAnswer[] = []
  const seen = new Set<string>()
  for (const entry of entries) {
    const tokenHash = digestTokenHex(entry.token)
    answers.push({ token_hash: tokenHash, label: 'reported' })
    if (seen.has(tokenHash) || !isWellFormedToken(entry.token, 'api_token')) continue
    seen.add(tokenHash)
    await revokeOne(deps, entry, from)
  }
  return answers
}

async function revokeOne(deps: Deps, entry: LeakReportEntry, from: PresentedFrom): Promise<void> {
  const digest = digestToken(entry.token)
  // Kept and shown to the organization's admins: never with a secret in it (a URL may carry one).
  const url = redactSecrets((entry.url ?? '').slice(0, 2048))
  const source = redactSecrets((entry.source ?? '').slice(0, 200))
  await changeAndInvalidate(deps, async (trx) => {
    const now = deps.now()
    const current = await trx
      .updateTable('api_tokens')
      .set({ leaked_at: now, leak_url: url, leak_source: source, updated_at: now })
      .where('token_digest', '=', digest)
      .where('leaked_at', 'is', null)
      .returning(['id', 'name', 'organization_id'])
      .executeTakeFirst()
    const previous = current
      ? undefined
      : await trx
          .updateTable('api_tokens')
          .set({ previous_token_digest: null, previous_expires_at: null, updated_at: now })
          .where('previous_token_digest', '=', digest)
          .where('previous_expires_at', '>', now)
          .returning(['id', 'name', 'organization_id'])
          .executeTakeFirst()
    const token = current ?? previous
    if (!token) return { value: undefined, invalidate: [] }
    await recordAudit(
      trx,
      { actor: { type: 'api_token', id: token.id, name: token.name }, ...from },
      {
        organizationId: token.organization_id,
        action: 'api_token.revoked_leaked',
        target: { type: 'api_token', id: token.id, name: token.name },
        details: {
          url,
          source,
          type: redactSecrets((entry.type ?? '').slice(0, 200)),
          value: current ? 'current' : 'previous, in its grace period',
        },
      },
    )
    return { value: undefined, invalidate: [token.id] }
  })
}

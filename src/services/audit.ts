import type { Kysely } from 'kysely'
import type { AuditAction } from '../core/audit-actions.ts'
import { actorOf, type RequestContext } from '../core/principal.ts'
import { redactSecrets } from '../core/secrets.ts'
import type { Database } from '../store/schema.ts'

export interface AuditEntry {
  organizationId: string
  /** One of the catalogue in src/core/audit-actions.ts. */
  action: AuditAction
  target: { type: string; id?: string | null; name?: string | null }
  details?: Record<string, unknown>
}

/** Written inside the transaction of the change it records: both happen, or neither. */
export async function recordAudit(
  trx: Kysely<Database>,
  ctx: RequestContext,
  entry: AuditEntry,
): Promise<void> {
  const actor = actorOf(ctx.principal)
  await trx
    .insertInto('audit_events')
    .values({
      organization_id: entry.organizationId,
      action: entry.action,
      target_type: entry.target.type,
      target_id: entry.target.id ?? null,
      target_name: entry.target.name ?? null,
      actor_type: actor.type,
      actor_id: actor.id,
      actor_name: actor.name,
      origin: ctx.origin,
      ip: ctx.ip,
      // Clients write what they like here; a token pasted into it must not be kept in clear.
      user_agent: redactSecrets(ctx.userAgent.slice(0, 512)),
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute()
}

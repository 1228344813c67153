import { type Kysely, sql } from 'kysely'

/**
 * An invitation remembers who sent it (a user or an API token, as api_tokens remember their
 * creator), so that it is only as good as its sender's right: withdrawn when the sender is removed
 * or demoted, and re-checked on acceptance. Pending invitations sent before this migration take
 * their sender from the audit trail's `member.invited` record, written in the same transaction as
 * the invitation; one without such a record keeps a null sender, and acceptance refuses it.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow the live schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('invitations')
    .addColumn('inviter_type', 'text', (c) => c.check(sql`inviter_type in ('user', 'api_token')`))
    .addColumn('inviter_id', 'uuid')
    .execute()
  await sql`update invitations
            set inviter_type = audit_events.actor_type, inviter_id = audit_events.actor_id
            from audit_events
            where audit_events.action = 'member.invited'
              and audit_events.organization_id = invitations.organization_id
              and audit_events.target_id = invitations.id`.execute(db)
  // What a member's removal or demotion looks up: the pending invitations they sent.
  await sql`create index invitations_pending_inviter on invitations (organization_id, inviter_id)
            where status = 'PENDING'`.execute(db)
}

// biome-ignore lint/suspicious/noExplicitAny: see up
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('invitations_pending_inviter').execute()
  await db.schema.alterTable('invitations').dropColumn('inviter_id').dropColumn('inviter_type').execute()
}

import type { Kysely } from 'kysely'

/**
 * The periodic purge (src/services/housekeeping.ts) finds expired sessions and finished
 * invitations by these columns: without the indexes each round would read the whole tables.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow the live schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('sessions_expires_at').on('sessions').column('expires_at').execute()
  await db.schema.createIndex('invitations_created_at').on('invitations').column('created_at').execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('invitations_created_at').execute()
  await db.schema.dropIndex('sessions_expires_at').execute()
}

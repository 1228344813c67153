import { type Kysely, sql } from 'kysely'

/**
 * The token lifecycle (issue 11): an organization's limit on token lifetimes; a token's allowed
 * addresses; the previous value a rotation keeps alive for its grace period; where a leaked token
 * was found; its last use (written by each process at most once a minute, see
 * services/last-use.ts); and whether its expiry has been recorded in the audit trail yet.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow the live schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('organizations')
    .addColumn('api_token_max_lifetime_days', 'integer', (c) =>
      c.check(sql`api_token_max_lifetime_days between 1 and 3650`),
    )
    .execute()
  await db.schema
    .alterTable('api_tokens')
    .addColumn('allowed_cidrs', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('previous_token_digest', 'bytea')
    .addColumn('previous_expires_at', 'timestamptz')
    .addColumn('rotated_at', 'timestamptz')
    .addColumn('leaked_at', 'timestamptz')
    .addColumn('leak_url', 'text')
    .addColumn('leak_source', 'text')
    .addColumn('last_used_from', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('expiry_recorded_at', 'timestamptz')
    .execute()
  // Authentication looks a value up by either digest: the current one (unique already) or the one
  // a rotation keeps for its grace period.
  await sql`create index api_tokens_previous_digest on api_tokens (previous_token_digest)
            where previous_token_digest is not null`.execute(db)
}

// biome-ignore lint/suspicious/noExplicitAny: see up
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('api_tokens_previous_digest').execute()
  await db.schema
    .alterTable('api_tokens')
    .dropColumn('allowed_cidrs')
    .dropColumn('previous_token_digest')
    .dropColumn('previous_expires_at')
    .dropColumn('rotated_at')
    .dropColumn('leaked_at')
    .dropColumn('leak_url')
    .dropColumn('leak_source')
    .dropColumn('last_used_from')
    .dropColumn('expiry_recorded_at')
    .execute()
  await db.schema.alterTable('organizations').dropColumn('api_token_max_lifetime_days').execute()
}

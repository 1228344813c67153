import { type Kysely, sql } from 'kysely'

/**
 * Trusted CI (issue 14): trust policies that exchange a CI job's OIDC ID token for a short-lived
 * API token; the ID tokens' `jti`s already exchanged, kept until they expire so a replay is refused
 * by every process; where each API token came from; and the new action that manages trusts,
 * given to the built-in owner and admin roles of existing organizations as new ones get it.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow the live schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('oidc_trusts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('conditions', 'jsonb', (c) => c.notNull())
    // Like api_tokens.role_id: a role a trust gives cannot vanish under it.
    .addColumn('role_id', 'uuid', (c) => c.notNull().references('roles.id'))
    .addColumn('token_lifetime_seconds', 'integer', (c) =>
      c.notNull().check(sql`token_lifetime_seconds between 60 and 3600`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`create unique index oidc_trusts_org_name_key on oidc_trusts (organization_id, lower(name))`.execute(
    db,
  )

  await db.schema
    .createTable('oidc_used_tokens')
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('jti', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('oidc_used_tokens_pkey', ['issuer', 'jti'])
    .execute()
  await db.schema
    .createIndex('oidc_used_tokens_expires_at')
    .on('oidc_used_tokens')
    .column('expires_at')
    .execute()

  await db.schema
    .alterTable('api_tokens')
    .addColumn('origin', 'text', (c) =>
      c.notNull().defaultTo('manual').check(sql`origin in ('manual', 'oidc')`),
    )
    // Deleting a trust deletes the tokens it issued (in the service, so they are evicted everywhere).
    .addColumn('oidc_trust_id', 'uuid', (c) => c.references('oidc_trusts.id').onDelete('set null'))
    .execute()
  await sql`create index api_tokens_oidc_trust on api_tokens (oidc_trust_id) where oidc_trust_id is not null`.execute(
    db,
  )
  await sql`create index api_tokens_oidc_expires_at on api_tokens (expires_at) where origin = 'oidc'`.execute(
    db,
  )

  await sql`update roles set permissions = array_append(permissions, 'oidc_trusts:manage')
             where kind = 'built_in' and name in ('owner', 'admin')
               and not ('oidc_trusts:manage' = any(permissions))`.execute(db)
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`update roles set permissions = array_remove(permissions, 'oidc_trusts:manage')`.execute(db)
  await db.schema.alterTable('api_tokens').dropColumn('oidc_trust_id').dropColumn('origin').execute()
  await db.schema.dropTable('oidc_used_tokens').execute()
  await db.schema.dropTable('oidc_trusts').execute()
}

import { type Kysely, sql } from 'kysely'

/**
 * Operating Gatehouse (issue 13): lifecycle webhooks and their outbox, and the limits that hold
 * across processes sharing one PostgreSQL.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow the live schema type
export async function up(db: Kysely<any>): Promise<void> {
  // Managing webhooks is a permission of its own, which the built-in owner and admin roles hold
  // (core/roles.ts gives it to new organizations' roles).
  await sql`update roles set permissions = array_append(permissions, 'webhooks:manage')
             where kind = 'built_in' and name in ('owner', 'admin')
               and not ('webhooks:manage' = any(permissions))`.execute(db)
  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('events', sql`text[]`, (c) => c.notNull())
    // The Standard Webhooks signing key (whsec_…): needed in clear to sign, shown to the caller
    // only when it is made, never listed.
    .addColumn('secret', 'text', (c) => c.notNull())
    // After a rotation the old key signs too (a second signature) until it expires, so that
    // receivers can be given the new one without missing an event.
    .addColumn('previous_secret', 'text')
    .addColumn('previous_secret_expires_at', 'timestamptz')
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('disabled_reason', 'text')
    // Since when every delivery has failed (null while the last one worked): 3 days disables it.
    .addColumn('failing_since', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`create index webhooks_org_created on webhooks (organization_id, created_at, id)`.execute(db)

  // The outbox: one row per event and webhook, written in the transaction of the change, sent by
  // whichever process claims it first (FOR UPDATE SKIP LOCKED), kept as the delivery log.
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('webhook_id', 'uuid', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('organization_id', 'uuid', (c) => c.notNull())
    // The Standard Webhooks message id (webhook-id): one per event, the same on every retry.
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
    // A process sending it holds it until then; a process that died lets it go by itself.
    .addColumn('claimed_until', 'timestamptz')
    .addColumn('last_attempt_at', 'timestamptz')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('last_duration_ms', 'integer')
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending'`.execute(
    db,
  )
  await sql`create index webhook_deliveries_webhook_created on webhook_deliveries (webhook_id, created_at desc, id desc)`.execute(
    db,
  )
  await sql`create index webhook_deliveries_created on webhook_deliveries (created_at)`.execute(db)

  // Events sent once per token and threshold (api_token.expiring 7 days and 1 day before, expired).
  await db.schema
    .createTable('api_token_expiry_notices')
    .addColumn('api_token_id', 'uuid', (c) => c.notNull().references('api_tokens.id').onDelete('cascade'))
    .addColumn('notice', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('api_token_expiry_notices_pk', ['api_token_id', 'notice'])
    .execute()

  // The expiry scan (services/webhooks/expiry.ts) reads tokens by expiry, every minute.
  await sql`create index api_tokens_expiry_scan on api_tokens (expires_at) where expires_at is not null`.execute(
    db,
  )

  // Counters of the limits, shared by the processes on one PostgreSQL. Unlogged: not written to
  // the WAL (cheap, one statement per counted attempt), emptied by a crash of the server, which at
  // worst forgives a few minutes of failures. Times are ms since the epoch in a double: exact, and
  // read by pg as a number where a bigint would come back as text.
  await sql`create unlogged table rate_limit_counters (
    key text primary key,
    window_start double precision not null,
    count integer not null,
    expires_at double precision not null
  )`.execute(db)
  await sql`create index rate_limit_counters_expires on rate_limit_counters (expires_at)`.execute(db)
  await sql`create unlogged table login_lockouts (
    account text primary key,
    failures integer not null,
    locked_until double precision not null,
    last_failure double precision not null
  )`.execute(db)
}

// biome-ignore lint/suspicious/noExplicitAny: see up
export async function down(db: Kysely<any>): Promise<void> {
  await sql`update roles set permissions = array_remove(permissions, 'webhooks:manage')`.execute(db)
  await db.schema.dropTable('login_lockouts').execute()
  await db.schema.dropTable('rate_limit_counters').execute()
  await db.schema.dropTable('api_token_expiry_notices').execute()
  await sql`drop index api_tokens_expiry_scan`.execute(db)
  await db.schema.dropTable('webhook_deliveries').execute()
  await db.schema.dropTable('webhooks').execute()
}

import { type Kysely, sql } from 'kysely'

/**
 * Lists are read a page at a time by keyset: `where scope = $1 and (sort, id) > ($2, $3) order by
 * sort, id limit n`. Each index below serves one list in that order, so a page costs the rows it
 * returns, not a scan and sort of the whole organization's (or project's) list.
 */
const indexes = [
  { name: 'api_tokens_org_created', sql: sql`api_tokens (organization_id, created_at desc, id desc)` },
  { name: 'memberships_org_created', sql: sql`memberships (organization_id, created_at, user_id)` },
  {
    name: 'invitations_org_pending_created',
    // Only pending invitations are listed; the others are kept for the audit trail's sake.
    sql: sql`invitations (organization_id, created_at desc, id desc) where status = 'PENDING'`,
  },
  { name: 'projects_org_name', sql: sql`projects (organization_id, name, id)` },
  { name: 'environments_project_name', sql: sql`environments (project_id, name, id)` },
]

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow the live schema type
export async function up(db: Kysely<any>): Promise<void> {
  for (const index of indexes) await sql`create index ${sql.id(index.name)} on ${index.sql}`.execute(db)
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(db)
}

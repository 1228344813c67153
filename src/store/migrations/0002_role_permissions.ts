import { type Kysely, sql } from 'kysely'
import { builtInRoles } from '../../core/roles.ts'

/**
 * A role carries its kind and its permission set, so that code asks what a role allows rather
 * than what it is called, and custom roles can later be stored beside the built-in ones.
 * `kind` replaces the `built_in` flag. Existing built-in roles get the permissions of the core
 * definitions, as new organizations do.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow the live schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('roles')
    .addColumn('kind', 'text', (c) =>
      c.notNull().defaultTo('custom').check(sql`kind in ('built_in', 'custom')`),
    )
    .addColumn('permissions', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .execute()
  await sql`update roles set kind = case when built_in then 'built_in' else 'custom' end`.execute(db)
  for (const role of builtInRoles) {
    await sql`update roles set permissions = ${sql.val([...role.permissions])}::text[]
               where kind = 'built_in' and name = ${role.name}`.execute(db)
  }
  await db.schema.alterTable('roles').dropColumn('built_in').execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('roles')
    .addColumn('built_in', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute()
  await sql`update roles set built_in = (kind = 'built_in')`.execute(db)
  await db.schema.alterTable('roles').dropColumn('kind').dropColumn('permissions').execute()
}

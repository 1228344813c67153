import { type Kysely, sql } from 'kysely'

/**
 * Custom roles scoped to projects and environment modes (Qovery's model), and deployments.
 * - roles get a description (built-in ones keep theirs in src/core/roles.ts);
 * - role_project_permissions: a custom role's grant in one project, one level per environment
 *   mode and an admin flag; a project without a row is NO_ACCESS. Rows go with their role or
 *   their project;
 * - deployments: who asked to deploy which version of an environment, newest first per environment;
 * - the built-in roles that may now do so get the two new actions: reading custom roles (owner,
 *   admin, devops) and requesting deployments (the same three). Written out here rather than read
 *   from src/core/roles.ts, so that this migration means the same whatever the roles become.
 */
const levels = sql`('NO_ACCESS', 'VIEWER', 'DEPLOYER', 'MANAGER')`
const newActions = ['roles:read', 'deployments:create']
const rolesGettingThem = ['owner', 'admin', 'devops']

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow the live schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('roles')
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .execute()

  let grants = db.schema
    .createTable('role_project_permissions')
    .addColumn('role_id', 'uuid', (c) => c.notNull().references('roles.id').onDelete('cascade'))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('is_admin', 'boolean', (c) => c.notNull().defaultTo(false))
  for (const mode of ['development', 'preview', 'staging', 'production']) {
    grants = grants.addColumn(mode, 'text', (c) =>
      c
        .notNull()
        .defaultTo('NO_ACCESS')
        .check(sql`${sql.ref(mode)} in ${levels}`),
    )
  }
  await grants.addPrimaryKeyConstraint('role_project_permissions_pkey', ['role_id', 'project_id']).execute()
  // A project's deletion cascades here: find its rows without scanning every role's.
  await db.schema
    .createIndex('role_project_permissions_project')
    .on('role_project_permissions')
    .column('project_id')
    .execute()

  await db.schema
    .createTable('deployments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('environment_id', 'uuid', (c) => c.notNull().references('environments.id').onDelete('cascade'))
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('QUEUED'))
    .addColumn('requester_type', 'text', (c) => c.notNull())
    .addColumn('requester_id', 'uuid', (c) => c.notNull())
    .addColumn('requester_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .execute()
  // The list's keyset (services/paging.ts): an environment's deployments, newest first.
  await sql`create index deployments_environment_created on deployments (environment_id, created_at desc, id desc)`.execute(
    db,
  )

  for (const action of newActions) {
    await sql`update roles set permissions = array_append(permissions, ${action})
               where kind = 'built_in' and name in (${sql.join(rolesGettingThem)})
                 and not (${action} = any(permissions))`.execute(db)
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const action of newActions) {
    await sql`update roles set permissions = array_remove(permissions, ${action})`.execute(db)
  }
  await db.schema.dropTable('deployments').execute()
  await db.schema.dropTable('role_project_permissions').execute()
  await db.schema.alterTable('roles').dropColumn('description').execute()
}

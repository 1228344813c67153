import type { ExpressionBuilder } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import { grantOf, type ProjectGrants, type ProjectPermissionLevel } from '../core/project-permissions.ts'
import type { Database } from '../store/schema.ts'

/** One stored grant, as the queries below read it. */
export interface GrantRow {
  project_id: string
  is_admin: boolean
  development: ProjectPermissionLevel
  preview: ProjectPermissionLevel
  staging: ProjectPermissionLevel
  production: ProjectPermissionLevel
}

export const grantColumns = [
  'role_project_permissions.project_id',
  'role_project_permissions.is_admin',
  'role_project_permissions.development',
  'role_project_permissions.preview',
  'role_project_permissions.staging',
  'role_project_permissions.production',
] as const

/**
 * The project grants of the role joined as `roles`, as a JSON array inside the query that reads
 * the role: loading a custom role's grants never costs a round trip of its own.
 */
export function grantsOfRole<DB extends Database, TB extends keyof DB & 'roles'>(
  eb: ExpressionBuilder<DB, TB>,
) {
  return jsonArrayFrom(
    (eb as unknown as ExpressionBuilder<Database, 'roles'>)
      .selectFrom('role_project_permissions')
      .select(grantColumns)
      .whereRef('role_project_permissions.role_id', '=', 'roles.id'),
  )
}

export function projectGrantsFrom(rows: readonly GrantRow[]): ProjectGrants {
  return new Map(rows.map((row) => [row.project_id, grantOf(row)]))
}

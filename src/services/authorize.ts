import type { Kysely } from 'kysely'
import { isGatehouseError, notFound } from '../core/errors.ts'
import { type Action, admit, type OrganizationAccess, toPermissionSet } from '../core/permissions.ts'
import type { Principal } from '../core/principal.ts'
import type { Database } from '../store/schema.ts'

export type { OrganizationAccess } from '../core/permissions.ts'

/**
 * Loads the caller's access to an organization and passes it through the gate (`admit`, in
 * src/core/permissions.ts): "not found" for an organization the caller cannot see (no existence
 * leak), "permission denied" for one whose role forbids the action. It reads what is committed
 * and locks nothing, so on its own it is a check for reads and the pre-check of writes: every
 * organization-scoped write also goes through `withOrganization` (write-path.ts), which calls it
 * again inside its transaction once the organization row is locked.
 *
 * `notFoundAs` rewords "Organization was not found." for a resource addressed by its own id
 * ("Project was not found."), the same words as for an id that does not exist.
 */
export async function authorize(
  db: Kysely<Database>,
  principal: Principal,
  organizationId: string,
  action: Action,
  notFoundAs?: string,
): Promise<OrganizationAccess> {
  const access = await accessTo(db, principal, organizationId)
  try {
    return admit(access, action)
  } catch (error) {
    if (notFoundAs !== undefined && isGatehouseError(error, 'not_found')) throw notFound(notFoundAs)
    throw error
  }
}

/**
 * The caller's role in an organization and what it allows, or undefined when the organization
 * is not theirs to see. A token carries its role's permissions (no query); a user's membership
 * is read with its role.
 */
export async function accessTo(
  db: Kysely<Database>,
  principal: Principal,
  organizationId: string,
): Promise<OrganizationAccess | undefined> {
  if (principal.kind === 'api_token') {
    if (principal.organizationId !== organizationId) return undefined
    const { roleId, roleName, permissions } = principal
    return { organizationId, roleId, roleName, permissions }
  }
  const row = await db
    .selectFrom('memberships')
    .innerJoin('roles', 'roles.id', 'memberships.role_id')
    .select(['memberships.role_id', 'roles.name as role_name', 'roles.permissions'])
    .where('memberships.organization_id', '=', organizationId)
    .where('memberships.user_id', '=', principal.userId)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    organizationId,
    roleId: row.role_id,
    roleName: row.role_name,
    permissions: toPermissionSet(row.permissions),
  }
}

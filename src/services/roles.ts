import type { Kysely } from 'kysely'
import { GatehouseError, roleEscalation } from '../core/errors.ts'
import {
  isOwnerRole,
  mayGrant,
  type OrganizationAccess,
  type PermissionSet,
  toPermissionSet,
} from '../core/permissions.ts'
import type { BuiltInRoleName } from '../core/roles.ts'
import type { Database } from '../store/schema.ts'

export interface Role {
  id: string
  name: string
  permissions: PermissionSet
}

/**
 * A role of this organization named in a request body (by id), or one of its built-in roles (by
 * its core name); else a 400 on `body.role_id`: a role id of another organization is as unknown
 * here as a made-up one.
 */
export async function findRoleOfOrganization(
  db: Kysely<Database>,
  organizationId: string,
  role: { id: string } | { builtIn: BuiltInRoleName },
): Promise<Role> {
  const query = db
    .selectFrom('roles')
    .select(['id', 'name', 'permissions'])
    .where('organization_id', '=', organizationId)
  const found = await ('id' in role
    ? query.where('id', '=', role.id)
    : query.where('kind', '=', 'built_in').where('name', '=', role.builtIn)
  ).executeTakeFirst()
  if (!found) {
    throw new GatehouseError('role_not_found', 'role_id is not a role of this organization.', {
      fieldErrors: [
        {
          field: 'body.role_id',
          message: "must be the id of one of this organization's roles (see availableRole)",
        },
      ],
    })
  }
  return { id: found.id, name: found.name, permissions: toPermissionSet(found.permissions) }
}

/**
 * The role a credential-making write gives (an API token, a trust's tokens): a role of this
 * organization, never the owner's, allowing nothing beyond the granter's own (no escalation).
 * `what` names the thing in the messages: "an API token", "a trust".
 */
export async function findGrantableRole(
  db: Kysely<Database>,
  organizationId: string,
  role: { id: string } | { builtIn: BuiltInRoleName },
  granter: OrganizationAccess,
  what: { article: string; short: string },
): Promise<Role> {
  const found = await findRoleOfOrganization(db, organizationId, role)
  if (isOwnerRole(found.permissions)) {
    throw new GatehouseError('role_not_assignable', `The owner role cannot be given to ${what.article}.`, {
      fieldErrors: [{ field: 'body.role_id', message: `the owner role cannot be given to ${what.article}` }],
    })
  }
  if (!mayGrant(granter.permissions, found.permissions)) {
    throw roleEscalation(
      `Your role "${granter.roleName}" cannot create ${what.short} with the more powerful role "${found.name}".`,
    )
  }
  return found
}

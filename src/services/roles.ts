import type { Kysely } from 'kysely'
import { GatehouseError } from '../core/errors.ts'
import { type PermissionSet, toPermissionSet } from '../core/permissions.ts'
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

import type { Kysely } from 'kysely'
import { GatehouseError } from '../core/errors.ts'
import type { Database } from '../store/schema.ts'

/**
 * A role of this organization named in a request body, or a 400 on `body.role_id`: a role id of
 * another organization is as unknown here as a made-up one.
 */
export async function findRoleOfOrganization(
  db: Kysely<Database>,
  organizationId: string,
  role: { id: string } | { name: string },
): Promise<{ id: string; name: string }> {
  const query = db.selectFrom('roles').select(['id', 'name']).where('organization_id', '=', organizationId)
  const found = await ('id' in role
    ? query.where('id', '=', role.id)
    : query.where('name', '=', role.name)
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
  return found
}

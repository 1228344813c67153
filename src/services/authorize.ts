import type { Kysely } from 'kysely'
import { isGatehouseError, notFound } from '../core/errors.ts'
import {
  type Action,
  admit,
  admitOnProject,
  type OrganizationAccess,
  type ProjectTarget,
  toPermissionSet,
} from '../core/permissions.ts'
import type { Principal } from '../core/principal.ts'
import type { Database } from '../store/schema.ts'
import { statement } from '../store/statement.ts'
import { grantsOfRole, projectGrantsFrom } from './project-grants.ts'

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
 * An organization id no organization has: ids are random (version 4) UUIDs, never all zeros.
 * Nobody is a member of it and no token belongs to it.
 */
export const NO_ORGANIZATION = '00000000-0000-0000-0000-000000000000'

/**
 * `authorize` inside a project (see `admitOnProject`): a built-in role decides by its permissions;
 * a custom role by its grant in that project, answering "<what> was not found." for what it cannot
 * see, so that its existence does not leak.
 */
export async function authorizeInProject(
  db: Kysely<Database>,
  principal: Principal,
  organizationId: string,
  action: Action,
  target: ProjectTarget,
  what: string,
): Promise<OrganizationAccess> {
  return admitOnProject(await accessTo(db, principal, organizationId), action, target, what)
}

/**
 * `authorizeInProject` for a row addressed by its own id (a project, an environment), found or
 * not. A row that is not there is checked against NO_ORGANIZATION, so an unknown id takes the same
 * path, runs the same queries and takes the same time as the id of a row in an organization the
 * caller cannot see, or of one a custom role does not see: all end in the gate's "<what> was not
 * found.", and the answer's timing tells nothing about which ids exist elsewhere.
 */
export async function authorizeFound<Row extends { organization_id: string }>(
  db: Kysely<Database>,
  principal: Principal,
  row: Row | undefined,
  action: Action,
  what: string,
  targetOf: (row: Row) => ProjectTarget,
): Promise<{ row: Row; access: OrganizationAccess }> {
  const access = await accessTo(db, principal, row?.organization_id ?? NO_ORGANIZATION)
  // A missing row has no access (nobody is in NO_ORGANIZATION): the gate refuses it as unknown.
  if (!row || !access) throw notFound(what)
  return { row, access: admitOnProject(access, action, targetOf(row), what) }
}

/**
 * The caller's role in an organization and what it allows, or undefined when the organization
 * is not theirs to see. A token carries its role's permissions and project grants (no query); a
 * user's membership is read with its role and, in the same query, the role's project grants (so
 * a custom role costs no extra round trip, and every path through the gate runs one statement).
 */
export async function accessTo(
  db: Kysely<Database>,
  principal: Principal,
  organizationId: string,
): Promise<OrganizationAccess | undefined> {
  if (principal.kind === 'api_token') {
    if (principal.organizationId !== organizationId) return undefined
    const { roleId, roleName, permissions, projects } = principal
    return { organizationId, roleId, roleName, permissions, projects }
  }
  const row = await MEMBERSHIP_WITH_ROLE.takeFirst(db, { organizationId, userId: principal.userId })
  if (!row) return undefined
  return {
    organizationId,
    roleId: row.role_id,
    roleName: row.role_name,
    permissions: toPermissionSet(row.permissions),
    projects: row.kind === 'custom' ? projectGrantsFrom(row.grants) : undefined,
  }
}

/** A user's membership of an organization, with its role and the role's project grants. */
const MEMBERSHIP_WITH_ROLE = statement((db, p: { organizationId: string; userId: string }) =>
  db
    .selectFrom('memberships')
    .innerJoin('roles', 'roles.id', 'memberships.role_id')
    .select((eb) => [
      'memberships.role_id',
      'roles.name as role_name',
      'roles.kind',
      'roles.permissions',
      grantsOfRole(eb).as('grants'),
    ])
    .where('memberships.organization_id', '=', p.organizationId)
    .where('memberships.user_id', '=', p.userId),
)

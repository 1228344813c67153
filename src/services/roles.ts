import type { Kysely } from 'kysely'
import { GatehouseError, roleEscalation } from '../core/errors.ts'
import {
  isOwnerRole,
  mayGrantRole,
  type OrganizationAccess,
  type PermissionSet,
  toPermissionSet,
} from '../core/permissions.ts'
import type { ProjectGrants } from '../core/project-permissions.ts'
import type { BuiltInRoleName } from '../core/roles.ts'
import type { Database } from '../store/schema.ts'
import { statement } from '../store/statement.ts'
import { grantsOfRole, projectGrantsFrom } from './project-grants.ts'

export interface Role {
  id: string
  name: string
  permissions: PermissionSet
  /** A custom role's project grants; undefined for a built-in role. */
  projects?: ProjectGrants | undefined
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
  builtIns?: BuiltInRoles,
): Promise<Role> {
  const known = await builtIns?.find(db, organizationId, role)
  if (known) return known
  const found = await ('id' in role
    ? ROLE_BY_ID.takeFirst(db, { organizationId, id: role.id })
    : BUILT_IN_ROLE.takeFirst(db, { organizationId, name: role.builtIn }))
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
  return roleFrom(found)
}

function roleFrom(row: RoleRow): Role {
  return {
    id: row.id,
    name: row.name,
    permissions: toPermissionSet(row.permissions),
    projects: row.kind === 'custom' ? projectGrantsFrom(row.grants) : undefined,
  }
}

type RoleRow = NonNullable<Awaited<ReturnType<typeof ROLE_BY_ID.takeFirst>>>

const roleOf = (db: Kysely<Database>, organizationId: string) =>
  db
    .selectFrom('roles')
    .select((eb) => ['id', 'name', 'kind', 'permissions', grantsOfRole(eb).as('grants')])
    .where('organization_id', '=', organizationId)
const ROLE_BY_ID = statement((db, p: { organizationId: string; id: string }) =>
  roleOf(db, p.organizationId).where('id', '=', p.id),
)
const BUILT_IN_ROLE = statement((db, p: { organizationId: string; name: BuiltInRoleName }) =>
  roleOf(db, p.organizationId).where('kind', '=', 'built_in').where('name', '=', p.name),
)
const BUILT_IN_ROLES = statement((db, p: { organizationId: string }) =>
  roleOf(db, p.organizationId).where('kind', '=', 'built_in'),
)

/**
 * The built-in roles of the organizations this process writes to, read once per organization:
 * a token creation names one (or the default) on every call, and the query was one of its
 * round trips. A built-in role's row never changes once its organization is made (ids, names and
 * permissions; only migrations, run before a process serves, touch them), and goes only with its
 * organization, whose writes are refused before any role is looked up (write-path.ts locks the
 * organization row first). So what is kept here stays true for as long as anyone can ask; a role
 * id that is not among them is looked up as before (a custom role, which can change, or none).
 * At most `maxOrganizations` are kept, the least recently used going first.
 */
export class BuiltInRoles {
  readonly #byOrganization = new Map<string, Role[]>()

  constructor(private readonly maxOrganizations = 1000) {}

  /** The built-in role asked for, or undefined when it is not one (or not known yet to exist). */
  async find(
    db: Kysely<Database>,
    organizationId: string,
    wanted: { id: string } | { builtIn: BuiltInRoleName },
  ): Promise<Role | undefined> {
    const roles = await this.#rolesOf(db, organizationId)
    return 'id' in wanted
      ? roles.find((role) => role.id === wanted.id)
      : roles.find((role) => role.name === wanted.builtIn)
  }

  async #rolesOf(db: Kysely<Database>, organizationId: string): Promise<Role[]> {
    const kept = this.#byOrganization.get(organizationId)
    if (kept) {
      this.#byOrganization.delete(organizationId)
      this.#byOrganization.set(organizationId, kept)
      return kept
    }
    const roles = (await BUILT_IN_ROLES.execute(db, { organizationId })).map(roleFrom)
    // None: an organization that does not exist (or not yet, for this transaction): not kept.
    if (roles.length === 0) return roles
    this.#byOrganization.set(organizationId, roles)
    if (this.#byOrganization.size > this.maxOrganizations) {
      const oldest = this.#byOrganization.keys().next().value
      if (oldest !== undefined) this.#byOrganization.delete(oldest)
    }
    return roles
  }

  /** How many organizations' roles are kept (for tests). */
  get size(): number {
    return this.#byOrganization.size
  }
}

/**
 * No escalation, the one check for every hand-out of a role: to a token (at its creation or by an
 * edit), to a trust's tokens, to a member, in an invitation, in a custom role's own permissions. `role` must allow nothing beyond what `granter` may do,
 * organization-wide and, for custom roles, project by project and mode by mode (mayGrantRole).
 * `doing` words the refusal: "create a token with", "give", "invite someone with".
 */
export function refuseRoleEscalation(granter: OrganizationAccess, role: Role, doing: string): void {
  if (!mayGrantRole(granter, role)) {
    throw roleEscalation(
      `Your role "${granter.roleName}" cannot ${doing} the more powerful role "${role.name}".`,
    )
  }
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
  builtIns?: BuiltInRoles,
): Promise<Role> {
  const found = await findRoleOfOrganization(db, organizationId, role, builtIns)
  if (isOwnerRole(found.permissions)) {
    throw new GatehouseError('role_not_assignable', `The owner role cannot be given to ${what.article}.`, {
      fieldErrors: [{ field: 'body.role_id', message: `the owner role cannot be given to ${what.article}` }],
    })
  }
  refuseRoleEscalation(granter, found, `create ${what.short} with`)
  return found
}

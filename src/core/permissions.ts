import { type Action, actions } from './actions.ts'
import type { EnvironmentMode } from './environment-modes.ts'
import { notFound, permissionDenied } from './errors.ts'
import {
  grantAllows,
  grantsWithin,
  isProjectScoped,
  levelOn,
  type ProjectGrants,
  seesProject,
} from './project-permissions.ts'

/**
 * The catalogue of actions, and the pure decisions made on sets of them. A role is a named set of
 * actions (see roles.ts for the built-in ones); code asks "may this set do X?", never "is this
 * role named so?", so custom roles fit without touching a service. No I/O here.
 */
export { type Action, actions } from './actions.ts'

export type PermissionSet = ReadonlySet<Action>

/** Stored permission names as a set; names this version does not know grant nothing. */
export function toPermissionSet(names: readonly string[]): PermissionSet {
  return new Set(actions.filter((action) => names.includes(action)))
}

/** A set as a list, in the catalogue's order (what the API and the console show). */
export function listPermissions(permissions: PermissionSet): Action[] {
  return actions.filter((action) => permissions.has(action))
}

export function can(permissions: PermissionSet, action: Action): boolean {
  return permissions.has(action)
}

/** No escalation: a holder may hand out a set only if it allows nothing beyond the holder's own. */
export function mayGrant(granter: PermissionSet, granted: PermissionSet): boolean {
  for (const action of granted) if (!granter.has(action)) return false
  return true
}

/**
 * The organization's owner role is the one that may transfer ownership. It is unique per
 * organization and moves only by a transfer: never given to a token, by a role change or by an
 * invitation, and its holder is neither demoted nor removed.
 */
export function isOwnerRole(permissions: PermissionSet): boolean {
  return permissions.has('organization:transfer_ownership')
}

/** What a caller holds in one organization: its role, and what that role allows. */
export interface OrganizationAccess {
  organizationId: string
  roleId: string
  roleName: string
  /** Organization-level actions; for a custom role, the most its project grants amount to. */
  permissions: PermissionSet
  /**
   * A custom role's grants, project by project: inside a project they, not `permissions`, decide.
   * Undefined for a built-in role, whose permissions hold alike in every project.
   */
  projects?: ProjectGrants | undefined
}

/** What a role allows, as the no-escalation rule compares roles. */
export interface RoleAuthority {
  permissions: PermissionSet
  projects?: ProjectGrants | undefined
}

/**
 * No escalation, for whole roles: `granted` allows nothing `granter` does not. A built-in granter
 * holds its permissions in every project, so comparing sets is enough (a custom role's set is the
 * most its grants amount to). A custom-role granter covers only its own projects and modes.
 */
export function mayGrantRole(granter: RoleAuthority, granted: RoleAuthority): boolean {
  if (!mayGrant(granter.permissions, granted.permissions)) return false
  if (!granter.projects) return true
  if (!granted.projects) return ![...granted.permissions].some(isProjectScoped)
  return grantsWithin(granter.projects, granted.projects)
}

/**
 * The gate: no access (the organization is not the caller's to see) is "not found", so ids from
 * elsewhere reveal nothing; an access whose role forbids the action is "permission denied".
 */
export function admit(access: OrganizationAccess | undefined, action: Action): OrganizationAccess {
  if (!access) throw notFound('Organization')
  if (!can(access.permissions, action)) {
    throw permissionDenied(`The role "${access.roleName}" does not allow ${describeAction(action)}.`)
  }
  return access
}

/**
 * Where a project-scoped action applies: the project, and the environment it addresses, if any.
 * An environment addressed by its id is visible only with VIEWER on its mode; `modes` are further
 * modes the action touches (the mode an environment is created in, or moved to).
 */
export interface ProjectTarget {
  projectId: string
  environmentMode?: EnvironmentMode | undefined
  modes?: readonly EnvironmentMode[] | undefined
}

/**
 * The gate inside a project. A built-in role decides by its permissions, as `admit` does. A custom
 * role first needs to see what is addressed (the project, or the environment's mode): what it
 * cannot see is "not found", exactly as if it did not exist; what it sees but may not act on is
 * "permission denied".
 */
export function admitOnProject(
  access: OrganizationAccess | undefined,
  action: Action,
  target: ProjectTarget,
  what: string,
): OrganizationAccess {
  if (!access) throw notFound(what)
  if (!access.projects) return admit(access, action)
  const grant = access.projects.get(target.projectId)
  const visible =
    target.environmentMode === undefined
      ? seesProject(grant)
      : levelOn(grant, target.environmentMode) !== 'NO_ACCESS'
  if (!visible) throw notFound(what)
  const modes = [...(target.environmentMode ? [target.environmentMode] : []), ...(target.modes ?? [])]
  if (!grantAllows(grant, action, modes)) {
    throw permissionDenied(`The role "${access.roleName}" does not allow ${scopedRefusal(action, modes)}.`)
  }
  return access
}

/** What a custom role was refused inside a project, and the level that would allow it. */
function scopedRefusal(action: Action, modes: readonly EnvironmentMode[]): string {
  const where = `${[...new Set(modes)].join(' or ')} environments of this project`
  if (action === 'deployments:create') return `deploying ${where} (that needs DEPLOYER)`
  if (action === 'projects:write' && modes.length === 0)
    return 'editing or deleting this project (that needs is_admin on it)'
  if (action === 'projects:write') return `creating, editing or deleting ${where} (that needs MANAGER)`
  return `${describeAction(action)} in ${modes.length > 0 ? where : 'this project'}`
}

const actionWords: Record<Action, string> = {
  'organization:read': 'reading this organization',
  'organization:edit': 'editing this organization',
  'organization:delete': 'deleting this organization',
  'organization:transfer_ownership': 'transferring ownership of this organization',
  'members:manage': 'managing members, invitations and roles',
  'roles:read': 'reading what custom roles grant',
  'api_tokens:manage': 'managing API tokens',
  'oidc_trusts:manage': 'managing trusted CI (OIDC trust policies)',
  'audit:read': 'reading the audit trail',
  'webhooks:manage': 'managing webhooks',
  'projects:create': 'creating projects',
  'projects:read': 'reading projects and environments',
  'projects:write': 'editing or deleting projects and environments',
  'deployments:create': 'deploying environments',
}

export function describeAction(action: Action): string {
  return actionWords[action]
}

// The built-in roles, for the modules that imported them from here.
export { type BuiltInRoleName, builtInRoleNames, describeRole } from './roles.ts'

import { type Action, actions } from './actions.ts'
import { notFound, permissionDenied } from './errors.ts'

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
  permissions: PermissionSet
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

const actionWords: Record<Action, string> = {
  'organization:read': 'reading this organization',
  'organization:edit': 'editing this organization',
  'organization:delete': 'deleting this organization',
  'organization:transfer_ownership': 'transferring ownership of this organization',
  'members:manage': 'managing members, invitations and roles',
  'api_tokens:manage': 'managing API tokens',
  'oidc_trusts:manage': 'managing trusted CI (OIDC trust policies)',
  'audit:read': 'reading the audit trail',
  'projects:create': 'creating projects',
  'projects:read': 'reading projects and environments',
  'projects:write': 'editing or deleting projects and environments',
}

export function describeAction(action: Action): string {
  return actionWords[action]
}

// The built-in roles, for the modules that imported them from here.
export { type BuiltInRoleName, builtInRoleNames, describeRole } from './roles.ts'

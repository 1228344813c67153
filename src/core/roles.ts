import { type Action, actions } from './actions.ts'
import type { PermissionSet } from './permissions.ts'
import type { LegacyRole } from './qovery.ts'

/**
 * The built-in roles, in one place: every organization gets them, with these permissions, when it
 * is created. This is the only module that knows them by name; everything else asks what a
 * role's permissions allow. Most powerful first: the order the API and the console list them in.
 */
export const builtInRoles = [
  {
    name: 'owner',
    description: 'Everything, including deleting the organization and transferring ownership.',
    permissions: actions,
  },
  {
    name: 'admin',
    description: 'Everything except deleting the organization and transferring ownership.',
    permissions: actions.filter(
      (action) => action !== 'organization:delete' && action !== 'organization:transfer_ownership',
    ),
  },
  {
    name: 'devops',
    description: 'Projects, environments, deployments and API tokens.',
    permissions: [
      'organization:read',
      'roles:read',
      'api_tokens:manage',
      'projects:create',
      'projects:read',
      'projects:write',
      'deployments:create',
    ],
  },
  {
    name: 'billing',
    description: 'Sees the organization, nothing more.',
    permissions: ['organization:read'],
  },
  {
    name: 'viewer',
    description: 'Read-only access to projects, environments and deployments.',
    permissions: ['organization:read', 'projects:read'],
  },
] as const satisfies readonly { name: string; description: string; permissions: readonly Action[] }[]

export type BuiltInRole = (typeof builtInRoles)[number]
export type BuiltInRoleName = BuiltInRole['name']
export const builtInRoleNames: readonly BuiltInRoleName[] = builtInRoles.map((role) => role.name)

/** Who creates an organization holds this role. */
export const OWNER_ROLE: BuiltInRoleName = 'owner'
/** What the owner becomes on handing the organization to someone else. */
export const FORMER_OWNER_ROLE: BuiltInRoleName = 'admin'
/** The role of a token created with `role_id: null`, as Qovery's tokens had. */
export const DEFAULT_TOKEN_ROLE: BuiltInRoleName = 'admin'

export function isBuiltInRoleName(name: string): name is BuiltInRoleName {
  return (builtInRoleNames as readonly string[]).includes(name)
}

/** The built-in role's permissions; an unknown name has none (the safe default). */
export function describeRole(name: string): Action[] {
  return isBuiltInRoleName(name) ? [...builtInRoleOf(name).permissions] : []
}

/**
 * The built-in role a client of Qovery's API means by its deprecated role enum (an invitation
 * may name its role so instead of by role_id).
 */
export const builtInRoleOfLegacy: Record<LegacyRole, BuiltInRoleName> = {
  OWNER: 'owner',
  ADMIN: 'admin',
  DEVELOPER: 'devops',
  VIEWER: 'viewer',
}

/** The built-in role's one-sentence description; '' for a name that is not built in. */
export function builtInDescriptionOf(name: string): string {
  return isBuiltInRoleName(name) ? builtInRoleOf(name).description : ''
}

export function builtInPermissionsOf(name: BuiltInRoleName): PermissionSet {
  return new Set(builtInRoleOf(name).permissions)
}

function builtInRoleOf(name: BuiltInRoleName): BuiltInRole {
  return builtInRoles.find((role) => role.name === name) as BuiltInRole
}

/** The listing order: built-in roles by rank, then custom roles by name. */
export function compareRoles(
  a: { name: string; kind: RoleKind },
  b: { name: string; kind: RoleKind },
): number {
  return rankOf(a) - rankOf(b) || a.name.localeCompare(b.name)
}

export type RoleKind = 'built_in' | 'custom'

function rankOf(role: { name: string; kind: RoleKind }): number {
  const index = role.kind === 'built_in' ? (builtInRoleNames as readonly string[]).indexOf(role.name) : -1
  return index === -1 ? builtInRoleNames.length : index
}

/**
 * The permission matrix of the contract, in one place. Every route asks `can` (through the
 * services' `authorize`); no handler decides on a role name by itself.
 */
export const actions = [
  'organization:read',
  'organization:edit',
  'organization:delete',
  'organization:transfer_ownership',
  'members:manage',
  'api_tokens:manage',
  'audit:read',
  'projects:create',
  'projects:read',
  'projects:write',
] as const
export type Action = (typeof actions)[number]

export const builtInRoleNames = ['owner', 'admin', 'devops', 'billing', 'viewer'] as const
export type BuiltInRoleName = (typeof builtInRoleNames)[number]

const everything = new Set<Action>(actions)
const matrix: Record<BuiltInRoleName, ReadonlySet<Action>> = {
  owner: everything,
  admin: new Set<Action>([
    'organization:read',
    'organization:edit',
    'members:manage',
    'api_tokens:manage',
    'audit:read',
    'projects:create',
    'projects:read',
    'projects:write',
  ]),
  devops: new Set<Action>([
    'organization:read',
    'api_tokens:manage',
    'projects:create',
    'projects:read',
    'projects:write',
  ]),
  billing: new Set<Action>(['organization:read']),
  viewer: new Set<Action>(['organization:read', 'projects:read']),
}

/** What a role may do. Unknown role names may do nothing: a safe default for future custom roles. */
export function permissionsOf(roleName: string): ReadonlySet<Action> {
  return isBuiltInRoleName(roleName) ? matrix[roleName] : new Set()
}

export function can(roleName: string, action: Action): boolean {
  return permissionsOf(roleName).has(action)
}

/** No escalation: a role may hand out another role only if it allows nothing more than its own. */
export function mayGrant(granterRoleName: string, grantedRoleName: string): boolean {
  const mine = permissionsOf(granterRoleName)
  for (const action of permissionsOf(grantedRoleName)) if (!mine.has(action)) return false
  return true
}

/** The owner role is unique per organization and only moves by an ownership transfer. */
export function isAssignableToToken(roleName: string): boolean {
  return roleName !== 'owner'
}

export function isBuiltInRoleName(name: string): name is BuiltInRoleName {
  return (builtInRoleNames as readonly string[]).includes(name)
}

/** Rows of the matrix, for the console's Roles page and the API. */
export function describeRole(roleName: string): Action[] {
  return actions.filter((action) => can(roleName, action))
}

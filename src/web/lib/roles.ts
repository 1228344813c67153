import type { Action, Role } from '../api/types.ts'

/** Built-in roles from most to least powerful, for stable ordering in selects and tables. */
const order = ['owner', 'admin', 'devops', 'billing', 'viewer']

export function sortRoles(roles: Role[]): Role[] {
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length)
  return [...roles].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name))
}

/** The server refuses any grant whose role allows more than the granter's own: offer only those. */
export function grantableRoles(roles: Role[], mine: Role | undefined): Role[] {
  if (!mine) return []
  const own = new Set(mine.permissions)
  // The single owner role only moves by a transfer of ownership, and never goes to a token.
  return sortRoles(roles).filter((role) => role.name !== 'owner' && role.permissions.every((a) => own.has(a)))
}

export const actionLabels: Record<Action, string> = {
  'organization:read': 'View the organization',
  'organization:edit': 'Edit name and description',
  'organization:delete': 'Delete the organization',
  'organization:transfer_ownership': 'Transfer ownership',
  'members:manage': 'Manage members and invitations',
  'api_tokens:manage': 'Manage API tokens',
  'audit:read': 'Read the activity log',
  'projects:create': 'Create projects',
  'projects:read': 'View projects and environments',
  'projects:write': 'Edit projects and environments',
}

export const roleSummaries: Record<string, string> = {
  owner: 'Everything, including deleting the organization and transferring ownership.',
  admin: 'Everything except deleting the organization and transferring ownership.',
  devops: 'Projects, environments and API tokens.',
  billing: 'Sees the organization, nothing more.',
  viewer: 'Read-only access to projects and environments.',
}

export function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1)
}

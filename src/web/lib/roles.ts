import type { Action } from '../../contract/index.ts'

/** The console's words for each permission (the API names them; what they allow is the API's). */
export const actionLabels: Record<Action, string> = {
  'organization:read': 'View the organization',
  'organization:edit': 'Edit name and description',
  'organization:delete': 'Delete the organization',
  'organization:transfer_ownership': 'Transfer ownership',
  'members:manage': 'Manage members, invitations and roles',
  'roles:read': 'View what custom roles grant',
  'api_tokens:manage': 'Manage API tokens',
  'oidc_trusts:manage': 'Manage trusted CI',
  'audit:read': 'Read the activity log',
  'webhooks:manage': 'Manage webhooks',
  'projects:create': 'Create projects',
  'projects:read': 'View projects and environments',
  'projects:write': 'Edit projects and environments',
  'deployments:create': 'Deploy environments',
}

export function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1)
}

/** A role as the pickers name it: built-in ones capitalized, custom ones as written, marked custom. */
export function roleLabel(role: { name: string; kind?: 'built_in' | 'custom' }): string {
  return role.kind === 'custom' ? `${role.name} (custom)` : capitalize(role.name)
}

import type { Action } from './permissions.ts'

/**
 * Qovery's API still requires its deprecated role enum on invitations. It is derived from what a
 * role may do, so custom roles map too: the owner's powers, then member management, then write
 * access to projects; anything less reads as VIEWER.
 */
export type LegacyRole = 'OWNER' | 'ADMIN' | 'DEVELOPER' | 'VIEWER'

export function legacyRoleOf(permissions: Iterable<Action>): LegacyRole {
  const allowed = new Set(permissions)
  if (allowed.has('organization:transfer_ownership')) return 'OWNER'
  if (allowed.has('members:manage')) return 'ADMIN'
  if (allowed.has('projects:write')) return 'DEVELOPER'
  return 'VIEWER'
}

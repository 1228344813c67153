import { type Action, isOwnerRole, mayGrant, toPermissionSet } from '../core/permissions.ts'

/**
 * The server's own rules about roles, for clients to offer only what the server will accept.
 * They decide on permission sets (as `availableRole` answers them), never on role names.
 */
interface RoleLike {
  permissions: readonly Action[]
}

/** The roles `mine` may hand out (to a token, an invitation or a member): never the owner's. */
export function grantableRoles<T extends RoleLike>(roles: readonly T[], mine: RoleLike | undefined): T[] {
  if (!mine) return []
  const own = toPermissionSet(mine.permissions)
  return roles.filter((role) => {
    const theirs = toPermissionSet(role.permissions)
    return !isOwnerRole(theirs) && mayGrant(own, theirs)
  })
}

/** Whether a role is the organization's owner role (it moves only by an ownership transfer). */
export function isOwner(role: RoleLike): boolean {
  return isOwnerRole(toPermissionSet(role.permissions))
}

/** Whether a role allows an action. */
export function roleAllows(role: RoleLike | undefined, action: Action): boolean {
  return role?.permissions.includes(action) === true
}

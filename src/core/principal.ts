import type { PermissionSet } from './permissions.ts'
import type { ProjectGrants } from './project-permissions.ts'

/** Who is calling. Resolved once per request by the auth plugin, from a cache in the common case. */
export type Principal = UserPrincipal | ApiTokenPrincipal

export interface UserPrincipal {
  kind: 'user'
  userId: string
  sessionId: string
  email: string
  name: string
  /** Cookie sessions come from the console and need a CSRF check on writes. */
  via: 'bearer' | 'cookie'
}

export interface ApiTokenPrincipal {
  kind: 'api_token'
  tokenId: string
  name: string
  organizationId: string
  roleId: string
  roleName: string
  /** The role's permissions, cached with the credential: authorizing a token costs no query. */
  permissions: PermissionSet
  /** A custom role's project grants, cached alike (undefined for a built-in role). */
  projects?: ProjectGrants | undefined
}

export type Origin = 'console' | 'cli' | 'api'

/** What services need to know about a request: who, from where, and for the audit trail. */
export interface RequestContext {
  principal: Principal
  origin: Origin
  ip: string
  userAgent: string
}

export function actorOf(principal: Principal): { type: 'user' | 'api_token'; id: string; name: string } {
  return principal.kind === 'user'
    ? { type: 'user', id: principal.userId, name: principal.name }
    : { type: 'api_token', id: principal.tokenId, name: principal.name }
}

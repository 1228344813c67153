import { createContext, useContext } from 'react'
import type { Action, Member, Organization, Role } from '../api/types.ts'

export interface OrganizationScope {
  organization: Organization
  roles: Role[]
  /** The signed-in user's role here; undefined when it could not be learned. */
  myRole: Role | undefined
  members: Member[] | undefined
  can: (action: Action) => boolean
  reloadOrganization: () => void
  reloadMembers: () => void
  reloadOrganizations: () => void
}

export const OrganizationContext = createContext<OrganizationScope | null>(null)

export function useOrganization(): OrganizationScope {
  const scope = useContext(OrganizationContext)
  if (!scope) throw new Error('useOrganization outside an organization page')
  return scope
}

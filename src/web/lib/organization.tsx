import { createContext, useContext } from 'react'
import type { Action, Member, Organization, OrganizationAvailableRole, Wire } from '../../contract/index.ts'

export interface OrganizationScope {
  organization: Wire<Organization>
  /** As the API answers them: most powerful first. */
  roles: OrganizationAvailableRole[]
  /** The signed-in user's role here; undefined when it could not be learned. */
  myRole: OrganizationAvailableRole | undefined
  members: Wire<Member>[] | undefined
  can: (action: Action) => boolean
  reloadOrganization: () => void
  reloadMembers: () => void
  /** After a custom role is made, changed or deleted: every role picker reads the new list. */
  reloadRoles: () => void
  reloadOrganizations: () => void
}

export const OrganizationContext = createContext<OrganizationScope | null>(null)

export function useOrganization(): OrganizationScope {
  const scope = useContext(OrganizationContext)
  if (!scope) throw new Error('useOrganization outside an organization page')
  return scope
}

import type { InviteMember } from '../../contract/index.ts'
import { legacyRoleOf } from '../../core/qovery.ts'
import { describeRole } from '../../core/roles.ts'

interface InvitationView {
  id: string
  created_at: Date
  email: string
  role_id: string
  role_name: string
  invitation_link: string
  invitation_status: 'PENDING' | 'ACCEPTED' | 'EXPIRED'
  inviter: string
  organization_name?: string
  accepted_at?: Date | null
}

/**
 * An invitation in Qovery's `InviteMember` shape: its deprecated `role` enum, and only the two
 * statuses Qovery's generated clients accept (an accepted invitation can no longer be used: EXPIRED,
 * with `accepted_at` set).
 */
export function toInviteMember(invitation: InvitationView): InviteMember {
  return {
    id: invitation.id,
    created_at: invitation.created_at,
    email: invitation.email,
    role: legacyRoleOf(describeRole(invitation.role_name)),
    role_id: invitation.role_id,
    role_name: invitation.role_name,
    invitation_link: invitation.invitation_link,
    invitation_status: invitation.invitation_status === 'PENDING' ? 'PENDING' : 'EXPIRED',
    accepted_at: invitation.accepted_at ?? null,
    inviter: invitation.inviter,
    ...(invitation.organization_name === undefined
      ? {}
      : { organization_name: invitation.organization_name }),
  }
}

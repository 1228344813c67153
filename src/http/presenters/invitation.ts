import type { InviteMember } from '../../contract/index.ts'
import { legacyRoleOf } from '../../core/qovery.ts'
import type { Invitation } from '../../services/invitations.ts'

/**
 * An invitation in Qovery's `InviteMember` shape: its deprecated `role` enum (derived from what
 * the role allows), and only the two statuses Qovery's generated clients accept: an accepted
 * invitation can no longer be used, so it reads EXPIRED, with `accepted_at` set.
 */
export function toInviteMember(invitation: Invitation & { organization_name?: string }): InviteMember {
  return {
    id: invitation.id,
    created_at: invitation.created_at,
    email: invitation.email,
    role: legacyRoleOf(invitation.role_permissions),
    role_id: invitation.role_id,
    role_name: invitation.role_name,
    invitation_link: invitation.invitation_link,
    invitation_status: invitation.invitation_status === 'PENDING' ? 'PENDING' : 'EXPIRED',
    accepted_at: invitation.accepted_at,
    inviter: invitation.inviter,
    ...(invitation.organization_name === undefined
      ? {}
      : { organization_name: invitation.organization_name }),
  }
}

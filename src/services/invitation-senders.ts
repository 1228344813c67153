import type { Kysely } from 'kysely'
import { can, mayGrant, type PermissionSet, toPermissionSet } from '../core/permissions.ts'
import type { Database } from '../store/schema.ts'
import type { AuditRecord } from './write-path.ts'

/**
 * An invitation is only as good as its sender's right to send it: an admin removed after
 * inviting someone as admin must not still make them one. So a member's removal or demotion
 * withdraws what they can no longer send, and acceptance checks the sender again (which also
 * covers a sending token deleted since, or a role whose permissions changed).
 */

/** Sending an invitation with a role takes managing members and a role at least as powerful. */
export function mayInviteWith(sender: PermissionSet, invitedRole: PermissionSet): boolean {
  return can(sender, 'members:manage') && mayGrant(sender, invitedRole)
}

export interface InvitationSender {
  inviter_type: 'user' | 'api_token' | null
  inviter_id: string | null
}

/** What the sender may do in the organization now: undefined once they are no member, no token. */
export async function senderPermissions(
  db: Kysely<Database>,
  organizationId: string,
  sender: InvitationSender,
): Promise<PermissionSet | undefined> {
  const { inviter_type: type, inviter_id: id } = sender
  if (type === null || id === null) return undefined
  const row = await (type === 'user'
    ? db
        .selectFrom('memberships')
        .innerJoin('roles', 'roles.id', 'memberships.role_id')
        .select('roles.permissions')
        .where('memberships.organization_id', '=', organizationId)
        .where('memberships.user_id', '=', id)
    : db
        .selectFrom('api_tokens')
        .innerJoin('roles', 'roles.id', 'api_tokens.role_id')
        .select('roles.permissions')
        .where('api_tokens.organization_id', '=', organizationId)
        .where('api_tokens.id', '=', id)
  ).executeTakeFirst()
  return row ? toPermissionSet(row.permissions) : undefined
}

/**
 * Withdraws (deletes, as a withdrawal by hand does) the pending invitations a member sent that
 * they could no longer send: every one when `permissions` is undefined (removed), those whose role
 * the new role cannot give when demoted. Called inside the write that changes the member, whose
 * audit trail gets one `invitation.withdrawn` per invitation, with the reason.
 */
export async function withdrawInvitationsBeyond(
  trx: Kysely<Database>,
  organizationId: string,
  userId: string,
  permissions: PermissionSet | undefined,
  reason: 'sender_removed' | 'sender_role_changed',
): Promise<AuditRecord[]> {
  const pending = await trx
    .selectFrom('invitations')
    .innerJoin('roles', 'roles.id', 'invitations.role_id')
    .select(['invitations.id', 'invitations.email', 'roles.permissions'])
    .where('invitations.organization_id', '=', organizationId)
    .where('invitations.inviter_type', '=', 'user')
    .where('invitations.inviter_id', '=', userId)
    .where('invitations.status', '=', 'PENDING')
    .forUpdate('invitations')
    .execute()
  const beyond = pending.filter(
    (invitation) => !permissions || !mayInviteWith(permissions, toPermissionSet(invitation.permissions)),
  )
  if (beyond.length === 0) return []
  await trx
    .deleteFrom('invitations')
    .where(
      'id',
      'in',
      beyond.map((invitation) => invitation.id),
    )
    .execute()
  return beyond.map((invitation) => ({
    action: 'invitation.withdrawn',
    target: { type: 'invitation', id: invitation.id, name: invitation.email },
    details: { email: invitation.email, reason },
  }))
}

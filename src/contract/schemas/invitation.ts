import { type Static, Type } from 'typebox'
import { Body, named, Params, Timestamp, Uuid } from '../common.ts'
import { Email } from './account.ts'

/**
 * Qovery's `InviteMember`. `invitation_status` keeps Qovery's two values (generated clients refuse
 * others): an invitation that was accepted can no longer be used, so it reads EXPIRED, and
 * `accepted_at` tells it apart from one whose time ran out.
 */
export const InvitationStatus = Type.Union([Type.Literal('PENDING'), Type.Literal('EXPIRED')], {
  description: 'PENDING until accepted or expired; EXPIRED once it can no longer be accepted',
})

export const LegacyRole = Type.Union(
  [Type.Literal('ADMIN'), Type.Literal('DEVELOPER'), Type.Literal('OWNER'), Type.Literal('VIEWER')],
  { description: "Qovery's deprecated role enum, derived from the role's permissions: use role_id" },
)

export const InviteMember = named(
  'InviteMember',
  Type.Object({
    id: Uuid,
    created_at: Timestamp,
    email: Type.String(),
    role: LegacyRole,
    role_id: Uuid,
    role_name: Type.String(),
    invitation_link: Type.String({ description: 'The console page where the invited user accepts' }),
    invitation_status: InvitationStatus,
    accepted_at: Type.Union([Timestamp, Type.Null()], { description: 'When it was accepted, if it was' }),
    inviter: Type.String({ description: 'The name of the user or API token that invited' }),
    organization_name: Type.Optional(Type.String({ description: 'Set when one invitation is read' })),
  }),
)
export type InviteMember = Static<typeof InviteMember>

export const InviteMemberRequest = named(
  'InviteMemberRequest',
  Body({
    email: Email,
    role_id: Type.Optional(
      Type.String({
        format: 'uuid',
        description: 'A role of the organization, not owner (required unless role is given)',
      }),
    ),
    role: Type.Optional(LegacyRole),
  }),
)
export type InviteMemberRequest = Static<typeof InviteMemberRequest>

export const InvitationParams = Params({ organizationId: Uuid, inviteId: Uuid })

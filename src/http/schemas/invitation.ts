import { Type } from 'typebox'
import { Email } from './account.ts'
import { Body, Timestamp, Uuid } from './common.ts'

export const Invitation = Type.Object({
  id: Uuid,
  created_at: Timestamp,
  email: Type.String(),
  role_id: Uuid,
  role_name: Type.String(),
  invitation_link: Type.String({ description: 'The console page where the invited user accepts' }),
  invitation_status: Type.Union([Type.Literal('PENDING'), Type.Literal('ACCEPTED'), Type.Literal('EXPIRED')]),
  inviter: Type.String({ description: 'The name of the user or API token that invited' }),
})

export const InvitationWithOrganization = Type.Object({
  ...Invitation.properties,
  organization_name: Type.String(),
})

export const InviteMemberBody = Body({
  email: Email,
  role_id: Type.String({ format: 'uuid', description: 'A role of the organization, not owner' }),
})

export const InvitationParams = Type.Object(
  { organizationId: Uuid, inviteId: Uuid },
  { additionalProperties: false },
)

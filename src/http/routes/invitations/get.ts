import { getInvitation } from '../../../services/invitations.ts'
import { contextOf } from '../../plugins/auth.ts'
import { InvitationParams, InvitationWithOrganization } from '../../schemas/invitation.ts'
import type { App } from '../../types.ts'

export function registerGetInvitation(app: App) {
  app.get(
    '/organization/:organizationId/inviteMember/:inviteId',
    {
      schema: {
        tags: ['members'],
        summary: 'One invitation, for the invited user (signed in with that email) or a member manager',
        params: InvitationParams,
        response: { 200: InvitationWithOrganization },
      },
    },
    async (request) =>
      getInvitation(app.deps, contextOf(request), request.params.organizationId, request.params.inviteId),
  )
}

import { acceptInvitation } from '../../../services/invitations.ts'
import { contextOf, userOf } from '../../plugins/auth.ts'
import { InvitationParams } from '../../schemas/invitation.ts'
import { Member } from '../../schemas/member.ts'
import type { App } from '../../types.ts'

export function registerAcceptInvitation(app: App) {
  app.post(
    '/organization/:organizationId/inviteMember/:inviteId',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['members'],
        summary: 'Accept an invitation: the signed-in user, whose email it names, joins',
        params: InvitationParams,
        response: { 200: Member },
      },
    },
    async (request) =>
      acceptInvitation(
        app.deps,
        contextOf(request),
        userOf(request),
        request.params.organizationId,
        request.params.inviteId,
      ),
  )
}

import { withdrawInvitation } from '../../../services/invitations.ts'
import { contextOf } from '../../plugins/auth.ts'
import { NoContent } from '../../schemas/common.ts'
import { InvitationParams } from '../../schemas/invitation.ts'
import type { App } from '../../types.ts'

export function registerWithdrawInvitation(app: App) {
  app.delete(
    '/organization/:organizationId/inviteMember/:inviteId',
    {
      schema: {
        tags: ['members'],
        summary: 'Withdraw a pending invitation',
        params: InvitationParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await withdrawInvitation(
        app.deps,
        contextOf(request),
        request.params.organizationId,
        request.params.inviteId,
      )
      return reply.code(204).send(null)
    },
  )
}

import { inviteMember } from '../../../services/invitations.ts'
import { contextOf } from '../../plugins/auth.ts'
import { OrganizationParams } from '../../schemas/common.ts'
import { Invitation, InviteMemberBody } from '../../schemas/invitation.ts'
import type { App } from '../../types.ts'

export function registerInviteMember(app: App) {
  app.post(
    '/organization/:organizationId/inviteMember',
    {
      schema: {
        tags: ['members'],
        summary: 'Invite someone, by email, to join with a role',
        params: OrganizationParams,
        body: InviteMemberBody,
        response: { 201: Invitation },
      },
    },
    async (request, reply) => {
      const invitation = await inviteMember(
        app.deps,
        contextOf(request),
        request.params.organizationId,
        request.body,
      )
      return reply.code(201).send(invitation)
    },
  )
}

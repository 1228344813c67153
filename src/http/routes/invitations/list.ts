import { listInvitations } from '../../../services/invitations.ts'
import { contextOf } from '../../plugins/auth.ts'
import { OrganizationParams, ResultsOf } from '../../schemas/common.ts'
import { Invitation } from '../../schemas/invitation.ts'
import type { App } from '../../types.ts'

export function registerListInvitations(app: App) {
  app.get(
    '/organization/:organizationId/inviteMember',
    {
      schema: {
        tags: ['members'],
        summary: 'The pending invitations',
        params: OrganizationParams,
        response: { 200: ResultsOf(Invitation) },
      },
    },
    async (request) => ({
      results: await listInvitations(app.deps, contextOf(request), request.params.organizationId),
    }),
  )
}

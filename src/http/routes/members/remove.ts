import { removeMember } from '../../../services/members.ts'
import { contextOf } from '../../plugins/auth.ts'
import { NoContent, OrganizationParams } from '../../schemas/common.ts'
import { MemberReferenceBody } from '../../schemas/member.ts'
import type { App } from '../../types.ts'

export function registerRemoveMember(app: App) {
  app.delete(
    '/organization/:organizationId/member',
    {
      schema: {
        tags: ['members'],
        summary: 'Remove a member (not the owner: transfer ownership first)',
        params: OrganizationParams,
        body: MemberReferenceBody,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await removeMember(app.deps, contextOf(request), request.params.organizationId, request.body)
      return reply.code(204).send(null)
    },
  )
}

import { transferOwnership } from '../../../services/members.ts'
import { contextOf } from '../../plugins/auth.ts'
import { NoContent, OrganizationParams } from '../../schemas/common.ts'
import { MemberReferenceBody } from '../../schemas/member.ts'
import type { App } from '../../types.ts'

export function registerTransferOwnership(app: App) {
  app.post(
    '/organization/:organizationId/transferOwnership',
    {
      schema: {
        tags: ['members'],
        summary: 'Make another member the owner; the former owner becomes an admin (owner only)',
        params: OrganizationParams,
        body: MemberReferenceBody,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await transferOwnership(app.deps, contextOf(request), request.params.organizationId, request.body)
      return reply.code(204).send(null)
    },
  )
}

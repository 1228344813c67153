import { deleteOrganization } from '../../../services/organizations.ts'
import { contextOf } from '../../plugins/auth.ts'
import { NoContent, OrganizationParams } from '../../schemas/common.ts'
import type { App } from '../../types.ts'

export function registerDeleteOrganization(app: App) {
  app.delete(
    '/organization/:organizationId',
    {
      schema: {
        tags: ['organization'],
        summary: 'Delete an organization and everything in it (owner only)',
        params: OrganizationParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await deleteOrganization(app.deps, contextOf(request), request.params.organizationId)
      return reply.code(204).send(null)
    },
  )
}

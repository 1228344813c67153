import { getOrganization } from '../../../services/organizations.ts'
import { contextOf } from '../../plugins/auth.ts'
import { OrganizationParams } from '../../schemas/common.ts'
import { Organization } from '../../schemas/organization.ts'
import type { App } from '../../types.ts'

export function registerGetOrganization(app: App) {
  app.get(
    '/organization/:organizationId',
    {
      schema: {
        tags: ['organization'],
        summary: 'Get an organization',
        params: OrganizationParams,
        response: { 200: Organization },
      },
    },
    async (request) => getOrganization(app.deps, contextOf(request), request.params.organizationId),
  )
}

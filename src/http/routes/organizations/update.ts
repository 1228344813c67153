import { updateOrganization } from '../../../services/organizations.ts'
import { contextOf } from '../../plugins/auth.ts'
import { OrganizationParams } from '../../schemas/common.ts'
import { Organization, OrganizationInput } from '../../schemas/organization.ts'
import type { App } from '../../types.ts'

export function registerUpdateOrganization(app: App) {
  app.put(
    '/organization/:organizationId',
    {
      schema: {
        tags: ['organization'],
        summary: 'Edit an organization (owner, admin)',
        params: OrganizationParams,
        body: OrganizationInput,
        response: { 200: Organization },
      },
    },
    async (request) =>
      updateOrganization(app.deps, contextOf(request), request.params.organizationId, request.body),
  )
}

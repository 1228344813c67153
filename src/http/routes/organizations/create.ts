import { createOrganization } from '../../../services/organizations.ts'
import { contextOf } from '../../plugins/auth.ts'
import { Organization, OrganizationInput } from '../../schemas/organization.ts'
import type { App } from '../../types.ts'

export function registerCreateOrganization(app: App) {
  app.post(
    '/organization',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['organization'],
        summary: 'Create an organization; the caller becomes its owner',
        body: OrganizationInput,
        response: { 201: Organization },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createOrganization(app.deps, contextOf(request), request.body)),
  )
}

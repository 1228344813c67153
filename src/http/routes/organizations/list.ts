import { listOrganizations } from '../../../services/organizations.ts'
import { contextOf } from '../../plugins/auth.ts'
import { ResultsOf } from '../../schemas/common.ts'
import { Organization } from '../../schemas/organization.ts'
import type { App } from '../../types.ts'

export function registerListOrganizations(app: App) {
  app.get(
    '/organization',
    {
      schema: {
        tags: ['organization'],
        summary: "The caller's organizations (an API token sees its own one)",
        response: { 200: ResultsOf(Organization) },
      },
    },
    async (request) => ({ results: await listOrganizations(app.deps, contextOf(request)) }),
  )
}

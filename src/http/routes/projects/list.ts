import { listProjects } from '../../../services/projects.ts'
import { contextOf } from '../../plugins/auth.ts'
import { OrganizationParams, ResultsOf } from '../../schemas/common.ts'
import { Project } from '../../schemas/project.ts'
import type { App } from '../../types.ts'

export function registerListProjects(app: App) {
  app.get(
    '/organization/:organizationId/project',
    {
      schema: {
        tags: ['Projects'],
        summary: "List the organization's projects, by name",
        params: OrganizationParams,
        response: { 200: ResultsOf(Project) },
      },
    },
    async (request) => ({
      results: await listProjects(app.deps, contextOf(request), request.params.organizationId),
    }),
  )
}

import { getProject } from '../../../services/projects.ts'
import { contextOf } from '../../plugins/auth.ts'
import { Project, ProjectParams } from '../../schemas/project.ts'
import type { App } from '../../types.ts'

export function registerGetProject(app: App) {
  app.get(
    '/project/:projectId',
    {
      schema: {
        tags: ['Projects'],
        summary: 'Get a project',
        params: ProjectParams,
        response: { 200: Project },
      },
    },
    async (request) => getProject(app.deps, contextOf(request), request.params.projectId),
  )
}

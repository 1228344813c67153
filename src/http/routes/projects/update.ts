import { updateProject } from '../../../services/projects.ts'
import { contextOf } from '../../plugins/auth.ts'
import { Project, ProjectInput, ProjectParams } from '../../schemas/project.ts'
import type { App } from '../../types.ts'

export function registerUpdateProject(app: App) {
  app.put(
    '/project/:projectId',
    {
      schema: {
        tags: ['Projects'],
        summary: 'Edit a project (owner, admin, devops); an absent description is kept',
        params: ProjectParams,
        body: ProjectInput,
        response: { 200: Project },
      },
    },
    async (request) => updateProject(app.deps, contextOf(request), request.params.projectId, request.body),
  )
}

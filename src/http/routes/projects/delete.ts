import { deleteProject } from '../../../services/projects.ts'
import { contextOf } from '../../plugins/auth.ts'
import { NoContent } from '../../schemas/common.ts'
import { ProjectParams } from '../../schemas/project.ts'
import type { App } from '../../types.ts'

export function registerDeleteProject(app: App) {
  app.delete(
    '/project/:projectId',
    {
      schema: {
        tags: ['Projects'],
        summary: 'Delete a project and its environments (owner, admin, devops)',
        params: ProjectParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await deleteProject(app.deps, contextOf(request), request.params.projectId)
      return reply.code(204).send(null)
    },
  )
}

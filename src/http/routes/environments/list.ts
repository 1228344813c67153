import { listEnvironments } from '../../../services/environments.ts'
import { contextOf } from '../../plugins/auth.ts'
import { ResultsOf } from '../../schemas/common.ts'
import { Environment } from '../../schemas/environment.ts'
import { ProjectParams } from '../../schemas/project.ts'
import type { App } from '../../types.ts'

export function registerListEnvironments(app: App) {
  app.get(
    '/project/:projectId/environment',
    {
      schema: {
        tags: ['Environments'],
        summary: "List a project's environments, by name",
        params: ProjectParams,
        response: { 200: ResultsOf(Environment) },
      },
    },
    async (request) => ({
      results: await listEnvironments(app.deps, contextOf(request), request.params.projectId),
    }),
  )
}

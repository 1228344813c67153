import { createEnvironment } from '../../../services/environments.ts'
import { contextOf } from '../../plugins/auth.ts'
import { Environment, EnvironmentInput } from '../../schemas/environment.ts'
import { ProjectParams } from '../../schemas/project.ts'
import type { App } from '../../types.ts'

export function registerCreateEnvironment(app: App) {
  app.post(
    '/project/:projectId/environment',
    {
      schema: {
        tags: ['Environments'],
        summary:
          'Create an environment in a project (owner, admin, devops); its name is unique in the project',
        params: ProjectParams,
        body: EnvironmentInput,
        response: { 201: Environment },
      },
    },
    async (request, reply) => {
      const environment = await createEnvironment(
        app.deps,
        contextOf(request),
        request.params.projectId,
        request.body,
      )
      return reply.code(201).send(environment)
    },
  )
}

import { updateEnvironment } from '../../../services/environments.ts'
import { contextOf } from '../../plugins/auth.ts'
import { Environment, EnvironmentInput, EnvironmentParams } from '../../schemas/environment.ts'
import type { App } from '../../types.ts'

export function registerUpdateEnvironment(app: App) {
  app.put(
    '/environment/:environmentId',
    {
      schema: {
        tags: ['Environments'],
        summary: 'Rename an environment or change its mode (owner, admin, devops)',
        params: EnvironmentParams,
        body: EnvironmentInput,
        response: { 200: Environment },
      },
    },
    async (request) =>
      updateEnvironment(app.deps, contextOf(request), request.params.environmentId, request.body),
  )
}

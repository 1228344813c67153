import { getEnvironment } from '../../../services/environments.ts'
import { contextOf } from '../../plugins/auth.ts'
import { Environment, EnvironmentParams } from '../../schemas/environment.ts'
import type { App } from '../../types.ts'

export function registerGetEnvironment(app: App) {
  app.get(
    '/environment/:environmentId',
    {
      schema: {
        tags: ['Environments'],
        summary: 'Get an environment',
        params: EnvironmentParams,
        response: { 200: Environment },
      },
    },
    async (request) => getEnvironment(app.deps, contextOf(request), request.params.environmentId),
  )
}

import { deleteEnvironment } from '../../../services/environments.ts'
import { contextOf } from '../../plugins/auth.ts'
import { NoContent } from '../../schemas/common.ts'
import { EnvironmentParams } from '../../schemas/environment.ts'
import type { App } from '../../types.ts'

export function registerDeleteEnvironment(app: App) {
  app.delete(
    '/environment/:environmentId',
    {
      schema: {
        tags: ['Environments'],
        summary: 'Delete an environment (owner, admin, devops)',
        params: EnvironmentParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await deleteEnvironment(app.deps, contextOf(request), request.params.environmentId)
      return reply.code(204).send(null)
    },
  )
}

import { Type } from 'typebox'
import { deleteApiToken } from '../../../services/api-tokens.ts'
import { contextOf } from '../../plugins/auth.ts'
import { NoContent, Uuid } from '../../schemas/common.ts'
import type { App } from '../../types.ts'

export const DeleteApiTokenParams = Type.Object(
  { organizationId: Uuid, apiTokenId: Uuid },
  { additionalProperties: false },
)

export function registerDeleteApiToken(app: App) {
  app.delete(
    '/organization/:organizationId/apiToken/:apiTokenId',
    {
      schema: {
        tags: ['Organization Api Token'],
        summary: 'Delete an API token: the next request made with it is refused, on every server',
        params: DeleteApiTokenParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await deleteApiToken(
        app.deps,
        contextOf(request),
        request.params.organizationId,
        request.params.apiTokenId,
      )
      return reply.code(204).send(null)
    },
  )
}

import { createApiToken } from '../../../services/api-tokens.ts'
import { contextOf } from '../../plugins/auth.ts'
import { CreateApiTokenBody, CreatedApiToken } from '../../schemas/api-token.ts'
import { OrganizationParams } from '../../schemas/common.ts'
import type { App } from '../../types.ts'

export function registerCreateApiToken(app: App) {
  app.post(
    '/organization/:organizationId/apiToken',
    {
      schema: {
        tags: ['Organization Api Token'],
        summary: 'Create an API token; its value is in this response only',
        params: OrganizationParams,
        body: CreateApiTokenBody,
        response: { 201: CreatedApiToken },
      },
    },
    async (request, reply) => {
      const created = await createApiToken(
        app.deps,
        contextOf(request),
        request.params.organizationId,
        request.body,
      )
      return reply.code(201).send(created)
    },
  )
}

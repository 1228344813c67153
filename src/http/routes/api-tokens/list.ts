import { Type } from 'typebox'
import { listApiTokens } from '../../../services/api-tokens.ts'
import { contextOf } from '../../plugins/auth.ts'
import { ApiToken } from '../../schemas/api-token.ts'
import { OrganizationParams, ResultsOf } from '../../schemas/common.ts'
import type { App } from '../../types.ts'

export const ListApiTokensQuery = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 255, description: 'Only tokens whose name contains this' })),
    creatorName: Type.Optional(
      Type.String({ maxLength: 255, description: "Only tokens whose creator's name contains this" }),
    ),
  },
  { additionalProperties: false },
)

export function registerListApiTokens(app: App) {
  app.get(
    '/organization/:organizationId/apiToken',
    {
      schema: {
        tags: ['Organization Api Token'],
        summary: "List the organization's API tokens (never their values)",
        params: OrganizationParams,
        querystring: ListApiTokensQuery,
        response: { 200: ResultsOf(ApiToken) },
      },
    },
    async (request) => ({
      results: await listApiTokens(
        app.deps,
        contextOf(request),
        request.params.organizationId,
        request.query,
      ),
    }),
  )
}

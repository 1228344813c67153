import { Type } from 'typebox'
import { type Action, actions } from '../../../core/permissions.ts'
import { listAvailableRoles } from '../../../services/organizations.ts'
import { contextOf } from '../../plugins/auth.ts'
import { OrganizationParams, ResultsOf, Uuid } from '../../schemas/common.ts'
import type { App } from '../../types.ts'

export const Role = Type.Object({
  id: Uuid,
  name: Type.String(),
  permissions: Type.Array(Type.Unsafe<Action>({ type: 'string', enum: [...actions] }), {
    description: 'What this role may do (the permission matrix)',
  }),
})

export function registerListAvailableRoles(app: App) {
  app.get(
    '/organization/:organizationId/availableRole',
    {
      schema: {
        tags: ['roles'],
        summary: "The organization's roles",
        params: OrganizationParams,
        response: { 200: ResultsOf(Role) },
      },
    },
    async (request) => ({
      results: await listAvailableRoles(app.deps, contextOf(request), request.params.organizationId),
    }),
  )
}

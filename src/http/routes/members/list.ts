import { listMembers } from '../../../services/members.ts'
import { contextOf } from '../../plugins/auth.ts'
import { OrganizationParams, ResultsOf } from '../../schemas/common.ts'
import { Member } from '../../schemas/member.ts'
import type { App } from '../../types.ts'

export function registerListMembers(app: App) {
  app.get(
    '/organization/:organizationId/member',
    {
      schema: {
        tags: ['members'],
        summary: "The organization's members and their roles (every member may read it)",
        params: OrganizationParams,
        response: { 200: ResultsOf(Member) },
      },
    },
    async (request) => ({
      results: await listMembers(app.deps, contextOf(request), request.params.organizationId),
    }),
  )
}

import { changeMemberRole } from '../../../services/members.ts'
import { contextOf } from '../../plugins/auth.ts'
import { OrganizationParams } from '../../schemas/common.ts'
import { ChangeMemberRoleBody, Member } from '../../schemas/member.ts'
import type { App } from '../../types.ts'

export function registerChangeMemberRole(app: App) {
  app.put(
    '/organization/:organizationId/member',
    {
      schema: {
        tags: ['members'],
        summary: "Change a member's role (never to or from owner: see transferOwnership)",
        params: OrganizationParams,
        body: ChangeMemberRoleBody,
        response: { 200: Member },
      },
    },
    async (request) =>
      changeMemberRole(app.deps, contextOf(request), request.params.organizationId, request.body),
  )
}

import { editOrganizationMemberRole } from '../../../contract/index.ts'
import { changeMemberRole } from '../../../services/members.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerChangeMemberRole(app: App) {
  registerOperation(app, editOrganizationMemberRole, (request) =>
    changeMemberRole(app.deps, contextOf(request), request.params.organizationId, request.body),
  )
}

import { editOrganizationCustomRole } from '../../../contract/index.ts'
import { editCustomRole } from '../../../services/custom-roles.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerEditCustomRole(app: App) {
  registerOperation(app, editOrganizationCustomRole, (request) =>
    editCustomRole(
      app.deps,
      contextOf(request),
      request.params.organizationId,
      request.params.customRoleId,
      request.body,
    ),
  )
}

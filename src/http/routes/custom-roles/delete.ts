import { deleteOrganizationCustomRole } from '../../../contract/index.ts'
import { deleteCustomRole } from '../../../services/custom-roles.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerDeleteCustomRole(app: App) {
  registerOperation(app, deleteOrganizationCustomRole, (request) =>
    deleteCustomRole(
      app.deps,
      contextOf(request),
      request.params.organizationId,
      request.params.customRoleId,
    ),
  )
}

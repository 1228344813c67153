import { getOrganizationCustomRole } from '../../../contract/index.ts'
import { getCustomRole } from '../../../services/custom-roles.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerGetCustomRole(app: App) {
  registerOperation(app, getOrganizationCustomRole, (request) =>
    getCustomRole(app.deps, contextOf(request), request.params.organizationId, request.params.customRoleId),
  )
}

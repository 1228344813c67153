import { createOrganizationCustomRole } from '../../../contract/index.ts'
import { createCustomRole } from '../../../services/custom-roles.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerCreateCustomRole(app: App) {
  registerOperation(app, createOrganizationCustomRole, (request) =>
    createCustomRole(app.deps, contextOf(request), request.params.organizationId, request.body),
  )
}

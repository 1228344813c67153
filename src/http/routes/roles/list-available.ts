import { listOrganizationAvailableRoles } from '../../../contract/index.ts'
import { listAvailableRoles } from '../../../services/organizations.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerListAvailableRoles(app: App) {
  registerOperation(app, listOrganizationAvailableRoles, async (request) => ({
    results: await listAvailableRoles(app.deps, contextOf(request), request.params.organizationId),
  }))
}

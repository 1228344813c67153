import { listOrganizationCustomRoles } from '../../../contract/index.ts'
import { listCustomRoles } from '../../../services/custom-roles.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerListCustomRoles(app: App) {
  registerOperation(app, listOrganizationCustomRoles, (request) =>
    listCustomRoles(app.deps, contextOf(request), request.params.organizationId).then((results) => ({
      results,
    })),
  )
}

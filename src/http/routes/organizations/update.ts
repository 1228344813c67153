import { editOrganization } from '../../../contract/index.ts'
import { updateOrganization } from '../../../services/organizations.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerUpdateOrganization(app: App) {
  registerOperation(app, editOrganization, (request) =>
    updateOrganization(app.deps, contextOf(request), request.params.organizationId, request.body),
  )
}

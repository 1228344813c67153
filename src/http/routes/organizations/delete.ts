import { deleteOrganization } from '../../../contract/index.ts'
import { deleteOrganization as remove } from '../../../services/organizations.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerDeleteOrganization(app: App) {
  registerOperation(app, deleteOrganization, (request) =>
    remove(app.deps, contextOf(request), request.params.organizationId),
  )
}

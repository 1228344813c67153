import { getOrganization } from '../../../contract/index.ts'
import { getOrganization as find } from '../../../services/organizations.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerGetOrganization(app: App) {
  registerOperation(app, getOrganization, (request) =>
    find(app.deps, contextOf(request), request.params.organizationId),
  )
}

import { createOrganization } from '../../../contract/index.ts'
import { createOrganization as create } from '../../../services/organizations.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerCreateOrganization(app: App) {
  registerOperation(app, createOrganization, (request) => create(app.deps, contextOf(request), request.body))
}

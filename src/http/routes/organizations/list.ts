import { listOrganization } from '../../../contract/index.ts'
import { listOrganizations } from '../../../services/organizations.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerListOrganizations(app: App) {
  registerOperation(app, listOrganization, async (request) => ({
    results: await listOrganizations(app.deps, contextOf(request)),
  }))
}

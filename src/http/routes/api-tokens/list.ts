import { listOrganizationApiTokens } from '../../../contract/index.ts'
import { listApiTokens } from '../../../services/api-tokens.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerListApiTokens(app: App) {
  registerOperation(app, listOrganizationApiTokens, async (request) => ({
    results: await listApiTokens(app.deps, contextOf(request), request.params.organizationId, request.query),
  }))
}

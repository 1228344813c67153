import { getOrganizationApiToken } from '../../../contract/index.ts'
import { getApiToken } from '../../../services/api-tokens.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerGetApiToken(app: App) {
  registerOperation(app, getOrganizationApiToken, (request) =>
    getApiToken(app.deps, contextOf(request), request.params.organizationId, request.params.apiTokenId),
  )
}

import { deleteOrganizationApiToken } from '../../../contract/index.ts'
import { deleteApiToken } from '../../../services/api-tokens.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerDeleteApiToken(app: App) {
  registerOperation(app, deleteOrganizationApiToken, (request) =>
    deleteApiToken(app.deps, contextOf(request), request.params.organizationId, request.params.apiTokenId),
  )
}

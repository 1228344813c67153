import { editOrganizationApiToken } from '../../../contract/index.ts'
import { editApiToken } from '../../../services/api-tokens.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerEditApiToken(app: App) {
  registerOperation(app, editOrganizationApiToken, (request) =>
    editApiToken(
      app.deps,
      contextOf(request),
      request.params.organizationId,
      request.params.apiTokenId,
      request.body,
    ),
  )
}

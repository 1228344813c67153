import { rotateOrganizationApiToken } from '../../../contract/index.ts'
import { rotateApiToken } from '../../../services/api-tokens.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerRotateApiToken(app: App) {
  registerOperation(app, rotateOrganizationApiToken, (request) =>
    rotateApiToken(
      app.deps,
      contextOf(request),
      request.params.organizationId,
      request.params.apiTokenId,
      request.body,
    ),
  )
}

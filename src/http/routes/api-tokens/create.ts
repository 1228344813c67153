import { createOrganizationApiToken } from '../../../contract/index.ts'
import { createApiToken } from '../../../services/api-tokens.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerCreateApiToken(app: App) {
  registerOperation(app, createOrganizationApiToken, (request) =>
    createApiToken(app.deps, contextOf(request), request.params.organizationId, request.body),
  )
}

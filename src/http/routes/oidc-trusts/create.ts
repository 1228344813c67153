import { createOidcTrust as operation } from '../../../contract/index.ts'
import { createOidcTrust } from '../../../services/oidc-trusts.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerCreateOidcTrust(app: App) {
  registerOperation(app, operation, (request) =>
    createOidcTrust(app.deps, contextOf(request), request.params.organizationId, request.body),
  )
}

import { deleteOidcTrust as operation } from '../../../contract/index.ts'
import { deleteOidcTrust } from '../../../services/oidc-trusts.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerDeleteOidcTrust(app: App) {
  registerOperation(app, operation, (request) =>
    deleteOidcTrust(app.deps, contextOf(request), request.params.organizationId, request.params.oidcTrustId),
  )
}

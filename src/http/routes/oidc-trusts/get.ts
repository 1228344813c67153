import { getOidcTrust as operation } from '../../../contract/index.ts'
import { getOidcTrust } from '../../../services/oidc-trusts.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerGetOidcTrust(app: App) {
  registerOperation(app, operation, (request) =>
    getOidcTrust(app.deps, contextOf(request), request.params.organizationId, request.params.oidcTrustId),
  )
}

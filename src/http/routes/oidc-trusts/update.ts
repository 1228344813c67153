import { updateOidcTrust as operation } from '../../../contract/index.ts'
import { updateOidcTrust } from '../../../services/oidc-trusts.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerUpdateOidcTrust(app: App) {
  registerOperation(app, operation, (request) =>
    updateOidcTrust(
      app.deps,
      contextOf(request),
      request.params.organizationId,
      request.params.oidcTrustId,
      request.body,
    ),
  )
}

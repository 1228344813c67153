import { listOidcTrusts as operation } from '../../../contract/index.ts'
import { pageRequestOf } from '../../../core/paging.ts'
import { listOidcTrusts } from '../../../services/oidc-trusts.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerListOidcTrusts(app: App) {
  registerOperation(app, operation, (request) =>
    listOidcTrusts(app.deps, contextOf(request), request.params.organizationId, pageRequestOf(request.query)),
  )
}

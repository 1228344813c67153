import { postOrganizationTransferOwnership } from '../../../contract/index.ts'
import { transferOwnership } from '../../../services/members.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerTransferOwnership(app: App) {
  registerOperation(app, postOrganizationTransferOwnership, (request) =>
    transferOwnership(app.deps, contextOf(request), request.params.organizationId, request.body),
  )
}

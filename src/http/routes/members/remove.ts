import { deleteMember } from '../../../contract/index.ts'
import { removeMember } from '../../../services/members.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerRemoveMember(app: App) {
  registerOperation(app, deleteMember, (request) =>
    removeMember(app.deps, contextOf(request), request.params.organizationId, request.body),
  )
}

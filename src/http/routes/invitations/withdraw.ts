import { deleteInviteMember } from '../../../contract/index.ts'
import { withdrawInvitation } from '../../../services/invitations.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerWithdrawInvitation(app: App) {
  registerOperation(app, deleteInviteMember, (request) =>
    withdrawInvitation(app.deps, contextOf(request), request.params.organizationId, request.params.inviteId),
  )
}

import { postInviteMember } from '../../../contract/index.ts'
import { inviteMember } from '../../../services/invitations.ts'
import { contextOf } from '../../plugins/auth.ts'
import { toInviteMember } from '../../presenters/invitation.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerInviteMember(app: App) {
  registerOperation(app, postInviteMember, async (request) =>
    toInviteMember(
      await inviteMember(app.deps, contextOf(request), request.params.organizationId, request.body),
    ),
  )
}

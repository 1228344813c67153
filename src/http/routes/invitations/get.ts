import { getMemberInvitation } from '../../../contract/index.ts'
import { getInvitation } from '../../../services/invitations.ts'
import { contextOf } from '../../plugins/auth.ts'
import { toInviteMember } from '../../presenters/invitation.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerGetInvitation(app: App) {
  registerOperation(app, getMemberInvitation, async (request) =>
    toInviteMember(
      await getInvitation(
        app.deps,
        contextOf(request),
        request.params.organizationId,
        request.params.inviteId,
      ),
    ),
  )
}

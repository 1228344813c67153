import { postAcceptInviteMember } from '../../../contract/index.ts'
import { acceptInvitation, getInvitation } from '../../../services/invitations.ts'
import { contextOf, userOf } from '../../plugins/auth.ts'
import { toInviteMember } from '../../presenters/invitation.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

/** Qovery answers an acceptance with the invitation (201); the new member is in the member list. */
export function registerAcceptInvitation(app: App) {
  registerOperation(app, postAcceptInviteMember, async (request) => {
    const { organizationId, inviteId } = request.params
    const ctx = contextOf(request)
    await acceptInvitation(app.deps, ctx, userOf(request), organizationId, inviteId)
    return toInviteMember(await getInvitation(app.deps, ctx, organizationId, inviteId))
  })
}

import { getOrganizationInvitedMembers } from '../../../contract/index.ts'
import { pageRequestOf } from '../../../core/paging.ts'
import { listInvitations } from '../../../services/invitations.ts'
import { contextOf } from '../../plugins/auth.ts'
import { toInviteMember } from '../../presenters/invitation.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerListInvitations(app: App) {
  registerOperation(app, getOrganizationInvitedMembers, async (request) => {
    const page = await listInvitations(
      app.deps,
      contextOf(request),
      request.params.organizationId,
      pageRequestOf(request.query),
    )
    return { results: page.results.map(toInviteMember), next_cursor: page.next_cursor }
  })
}

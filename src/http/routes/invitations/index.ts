import type { App } from '../../types.ts'
import { registerAcceptInvitation } from './accept.ts'
import { registerInviteMember } from './create.ts'
import { registerGetInvitation } from './get.ts'
import { registerListInvitations } from './list.ts'
import { registerWithdrawInvitation } from './withdraw.ts'

export async function registerInvitationsRoutes(app: App): Promise<void> {
  registerInviteMember(app)
  registerListInvitations(app)
  registerGetInvitation(app)
  registerAcceptInvitation(app)
  registerWithdrawInvitation(app)
}

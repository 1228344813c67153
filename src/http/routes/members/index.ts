import type { App } from '../../types.ts'
import { registerChangeMemberRole } from './change-role.ts'
import { registerListMembers } from './list.ts'
import { registerRemoveMember } from './remove.ts'
import { registerTransferOwnership } from './transfer-ownership.ts'

export async function registerMembersRoutes(app: App): Promise<void> {
  registerListMembers(app)
  registerChangeMemberRole(app)
  registerRemoveMember(app)
  registerTransferOwnership(app)
}

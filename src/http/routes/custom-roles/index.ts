import type { App } from '../../types.ts'
import { registerCreateCustomRole } from './create.ts'
import { registerDeleteCustomRole } from './delete.ts'
import { registerGetCustomRole } from './get.ts'
import { registerListCustomRoles } from './list.ts'
import { registerEditCustomRole } from './update.ts'

export async function registerCustomRolesRoutes(app: App): Promise<void> {
  registerListCustomRoles(app)
  registerCreateCustomRole(app)
  registerGetCustomRole(app)
  registerEditCustomRole(app)
  registerDeleteCustomRole(app)
}

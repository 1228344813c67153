import type { App } from '../../types.ts'
import { registerListAvailableRoles } from './list-available.ts'

export async function registerRolesRoutes(app: App): Promise<void> {
  registerListAvailableRoles(app)
}

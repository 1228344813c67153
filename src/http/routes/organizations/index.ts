import type { App } from '../../types.ts'
import { registerCreateOrganization } from './create.ts'
import { registerDeleteOrganization } from './delete.ts'
import { registerGetOrganization } from './get.ts'
import { registerListOrganizations } from './list.ts'
import { registerUpdateOrganization } from './update.ts'

export async function registerOrganizationsRoutes(app: App): Promise<void> {
  registerCreateOrganization(app)
  registerListOrganizations(app)
  registerGetOrganization(app)
  registerUpdateOrganization(app)
  registerDeleteOrganization(app)
}

import type { App } from '../../types.ts'
import { registerCreateEnvironment } from './create.ts'
import { registerDeleteEnvironment } from './delete.ts'
import { registerGetEnvironment } from './get.ts'
import { registerListEnvironments } from './list.ts'
import { registerUpdateEnvironment } from './update.ts'

export async function registerEnvironmentsRoutes(app: App): Promise<void> {
  registerCreateEnvironment(app)
  registerListEnvironments(app)
  registerGetEnvironment(app)
  registerUpdateEnvironment(app)
  registerDeleteEnvironment(app)
}

import type { App } from '../../types.ts'
import { registerCreateDeployment } from './create.ts'
import { registerListDeployments } from './list.ts'

export async function registerDeploymentsRoutes(app: App): Promise<void> {
  registerCreateDeployment(app)
  registerListDeployments(app)
}

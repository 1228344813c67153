import type { App } from '../../types.ts'
import { registerHealthz } from './healthz.ts'
import { registerReadyz } from './readyz.ts'

export async function registerHealthRoutes(app: App): Promise<void> {
  registerHealthz(app)
  registerReadyz(app)
}

import type { App } from '../../types.ts'
import { registerCreateApiToken } from './create.ts'
import { registerDeleteApiToken } from './delete.ts'
import { registerListApiTokens } from './list.ts'

export async function registerApiTokensRoutes(app: App): Promise<void> {
  registerCreateApiToken(app)
  registerListApiTokens(app)
  registerDeleteApiToken(app)
}

import type { App } from '../../types.ts'
import { registerCreateApiToken } from './create.ts'
import { registerDeleteApiToken } from './delete.ts'
import { registerEditApiToken } from './edit.ts'
import { registerGetApiToken } from './get.ts'
import { registerListApiTokens } from './list.ts'
import { registerRevokeLeakedApiTokens } from './revoke-leaked.ts'
import { registerRotateApiToken } from './rotate.ts'

export async function registerApiTokensRoutes(app: App): Promise<void> {
  registerCreateApiToken(app)
  registerListApiTokens(app)
  registerGetApiToken(app)
  registerEditApiToken(app)
  registerRotateApiToken(app)
  registerDeleteApiToken(app)
  registerRevokeLeakedApiTokens(app)
}

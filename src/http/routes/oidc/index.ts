import type { App } from '../../types.ts'
import { registerTokenExchange } from './token.ts'

export async function registerOidcRoutes(app: App): Promise<void> {
  await registerTokenExchange(app)
}

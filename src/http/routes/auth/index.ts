import type { App } from '../../types.ts'
import { registerAccount } from './account.ts'
import { registerLogin } from './login.ts'
import { registerLogout } from './logout.ts'
import { registerSignup } from './signup.ts'
import { registerWhoami } from './whoami.ts'

export async function registerAuthRoutes(app: App): Promise<void> {
  registerSignup(app)
  registerLogin(app)
  registerLogout(app)
  registerWhoami(app)
  registerAccount(app)
}

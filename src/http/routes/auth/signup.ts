import { signup } from '../../../contract/index.ts'
import { signup as createAccount } from '../../../services/accounts.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerSignup(app: App) {
  registerOperation(app, signup, (request) => createAccount(app.deps, request.body), {
    // Each signup costs an argon2id hash: bound how much CPU one address can make us spend.
    rateLimit: { max: app.deps.config.signupLimitPerMinute, timeWindow: 60_000 },
  })
}

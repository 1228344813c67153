import { getAccountInformation } from '../../../contract/index.ts'
import { getAccount } from '../../../services/accounts.ts'
import { userOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerAccount(app: App) {
  registerOperation(app, getAccountInformation, (request) => getAccount(app.deps, userOf(request)))
}

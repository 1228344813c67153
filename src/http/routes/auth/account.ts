import { getAccount } from '../../../services/accounts.ts'
import { userOf } from '../../plugins/auth.ts'
import { Account } from '../../schemas/account.ts'
import type { App } from '../../types.ts'

export function registerAccount(app: App) {
  app.get(
    '/account',
    {
      config: { auth: 'user' },
      schema: { tags: ['account'], summary: 'The signed-in user', response: { 200: Account } },
    },
    async (request) => getAccount(app.deps, userOf(request)),
  )
}

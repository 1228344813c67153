import { signup } from '../../../services/accounts.ts'
import { Account, Email, Password, PersonName } from '../../schemas/account.ts'
import { Body } from '../../schemas/common.ts'
import type { App } from '../../types.ts'

export const SignupBody = Body({ email: Email, password: Password, name: PersonName })

export function registerSignup(app: App) {
  app.post(
    '/auth/signup',
    {
      config: {
        auth: 'none',
        // Each signup costs an argon2id hash: bound how much CPU one address can make us spend.
        rateLimit: { max: app.deps.config.signupLimitPerMinute, timeWindow: 60_000 },
      },
      schema: {
        tags: ['account'],
        summary: 'Create an account',
        security: [],
        body: SignupBody,
        response: { 201: Account },
      },
    },
    async (request, reply) => {
      const account = await signup(app.deps, request.body)
      return reply.code(201).send(account)
    },
  )
}

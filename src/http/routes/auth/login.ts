import { randomBytes } from 'node:crypto'
import { CSRF_COOKIE, login } from '../../../contract/index.ts'
import { isGatehouseError } from '../../../core/errors.ts'
import { login as startSession } from '../../../services/accounts.ts'
import { SESSION_COOKIE } from '../../plugins/auth.ts'
import { AccountLockout, beginLogin } from '../../plugins/login-limiter.ts'
import { sendProblem } from '../../plugins/problems.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

/**
 * Returns the session token (for the CLI) and sets it as an HttpOnly cookie (for the console).
 * Every sign-in costs an argon2id hash, so it passes four limits first, cheapest first: sign-ins
 * per address per minute (right or wrong), failed authentications per address (this attempt
 * counted before its hash), failed sign-ins per account (a short backoff, login-limiter.ts), and
 * the process's cap on hashes at once (services/accounts.ts).
 */
export function registerLogin(app: App) {
  const limits = { addresses: app.authLimiter, accounts: new AccountLockout() }
  registerOperation(
    app,
    login,
    async (request, reply) => {
      const now = app.deps.now().getTime()
      const admission = beginLogin(limits, request.ip, request.body.email, now)
      if ('refused' in admission) {
        const { detail, retryAfterSeconds } = admission.refused
        return sendProblem(reply, 'rate_limited', detail, { retryAfterSeconds })
      }
      const { attempt } = admission
      let result: Awaited<ReturnType<typeof startSession>>
      try {
        result = await startSession(app.deps, request.body)
      } catch (error) {
        if (isGatehouseError(error, 'wrong_credentials')) attempt.failed(app.deps.now().getTime())
        else attempt.abandoned()
        throw error
      }
      attempt.succeeded()
      const secure = request.protocol === 'https'
      const maxAge = Math.floor((result.expires_at.getTime() - now) / 1000)
      reply.setCookie(SESSION_COOKIE, result.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure,
        path: '/',
        maxAge,
      })
      reply.setCookie(CSRF_COOKIE, randomBytes(24).toString('base64url'), {
        httpOnly: false,
        sameSite: 'strict',
        secure,
        path: '/',
        maxAge,
      })
      return result
    },
    { rateLimit: { max: app.deps.config.loginLimitPerMinute, timeWindow: 60_000 } },
  )
}

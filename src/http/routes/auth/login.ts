import { randomBytes } from 'node:crypto'
import { CSRF_COOKIE, login } from '../../../contract/index.ts'
import { isGatehouseError } from '../../../core/errors.ts'
import { login as startSession } from '../../../services/accounts.ts'
import { sharedLockouts } from '../../../services/shared-limits.ts'
import { SESSION_COOKIE } from '../../plugins/auth.ts'
import {
  ACCOUNT_LOCKED,
  AccountLockout,
  beginLogin,
  FORGET_AFTER_MS,
  lockFor,
} from '../../plugins/login-limiter.ts'
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
  // Several processes on one PostgreSQL: the account's failures are counted in the database too,
  // so a guesser spread over the processes meets the same lock (memory still bounds concurrency).
  const sharedAccounts = app.deps.store.driver === 'postgres' ? sharedLockouts(app.deps.db) : undefined
  registerOperation(
    app,
    login,
    async (request, reply) => {
      const now = app.deps.now().getTime()
      const account = request.body.email.trim().toLowerCase()
      const shared = sharedAccounts ? await sharedAccounts.read(account, now) : undefined
      if (shared && shared.lockedUntil > now) {
        const retryAfterSeconds = Math.max(1, Math.ceil((shared.lockedUntil - now) / 1000))
        return sendProblem(reply, 'rate_limited', ACCOUNT_LOCKED, { retryAfterSeconds })
      }
      const admission = beginLogin(limits, request.ip, request.body.email, now)
      if ('refused' in admission) {
        const { detail, retryAfterSeconds } = admission.refused
        return sendProblem(reply, 'rate_limited', detail, { retryAfterSeconds })
      }
      const { attempt } = admission
      // Counted before the password hash, by every process together.
      if (await app.authLimiter.countShared(request.ip, now, { reserving: true })) {
        attempt.abandoned()
        const retryAfterSeconds = app.authLimiter.blockedFor(request.ip, now) ?? 1
        return sendProblem(
          reply,
          'rate_limited',
          'Too many failed sign-ins from this address; retry later.',
          {
            retryAfterSeconds,
          },
        )
      }
      let result: Awaited<ReturnType<typeof startSession>>
      try {
        result = await startSession(app.deps, request.body)
      } catch (error) {
        if (isGatehouseError(error, 'wrong_credentials')) {
          attempt.failed(app.deps.now().getTime())
          await sharedAccounts?.fail(account, app.deps.now().getTime(), lockFor, FORGET_AFTER_MS)
        } else {
          attempt.abandoned()
          if (app.authLimiter.shared) await app.authLimiter.uncountShared(request.ip, now)
        }
        throw error
      }
      attempt.succeeded()
      if (app.authLimiter.shared) await app.authLimiter.uncountShared(request.ip, now)
      if (shared && shared.failures > 0) await sharedAccounts?.forget(account)
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

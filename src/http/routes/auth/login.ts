import { randomBytes } from 'node:crypto'
import { CSRF_COOKIE, login } from '../../../contract/index.ts'
import { isGatehouseError } from '../../../core/errors.ts'
import { login as startSession } from '../../../services/accounts.ts'
import { SESSION_COOKIE } from '../../plugins/auth.ts'
import { sendProblem } from '../../plugins/problems.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

/** Returns the session token (for the CLI) and sets it as an HttpOnly cookie (for the console). */
export function registerLogin(app: App) {
  registerOperation(app, login, async (request, reply) => {
    const now = app.deps.now().getTime()
    const retryAfter = app.authLimiter.blockedFor(request.ip, now)
    if (retryAfter !== undefined) {
      return sendProblem(reply, 'rate_limited', 'Too many failed sign-ins from this address; retry later.', {
        retryAfterSeconds: retryAfter,
      })
    }
    try {
      const result = await startSession(app.deps, request.body)
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
    } catch (error) {
      if (isGatehouseError(error, 'wrong_credentials')) app.authLimiter.recordFailure(request.ip, now)
      throw error
    }
  })
}

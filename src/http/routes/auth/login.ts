import { randomBytes } from 'node:crypto'
import { Type } from 'typebox'
import { isGatehouseError } from '../../../core/errors.ts'
import { login } from '../../../services/accounts.ts'
import { CSRF_COOKIE, SESSION_COOKIE } from '../../plugins/auth.ts'
import { sendProblem } from '../../plugins/problems.ts'
import { Account, Email } from '../../schemas/account.ts'
import { Body, Timestamp } from '../../schemas/common.ts'
import type { App } from '../../types.ts'

export const LoginBody = Body({ email: Email, password: Type.String({ minLength: 1, maxLength: 256 }) })
export const LoginResponse = Type.Object({ token: Type.String(), expires_at: Timestamp, user: Account })

/** Returns the session token (for the CLI) and sets it as an HttpOnly cookie (for the console). */
export function registerLogin(app: App) {
  app.post(
    '/auth/login',
    {
      config: { auth: 'none' },
      schema: {
        tags: ['account'],
        summary: 'Sign in',
        security: [],
        body: LoginBody,
        response: { 200: LoginResponse },
      },
    },
    async (request, reply) => {
      const now = Date.now()
      const retryAfter = app.authLimiter.blockedFor(request.ip, now)
      if (retryAfter !== undefined) {
        return sendProblem(
          reply,
          'rate_limited',
          'Too many failed sign-ins from this address; retry later.',
          {
            retryAfterSeconds: retryAfter,
          },
        )
      }
      try {
        const result = await login(app.deps, request.body)
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
    },
  )
}

import { logout } from '../../../services/accounts.ts'
import { CSRF_COOKIE, SESSION_COOKIE, userOf } from '../../plugins/auth.ts'
import { NoContent } from '../../schemas/common.ts'
import type { App } from '../../types.ts'

export function registerLogout(app: App) {
  app.post(
    '/auth/logout',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['account'],
        summary: 'Sign out: the session stops working at once',
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await logout(app.deps, userOf(request))
      reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' })
      return reply.code(204).send(null)
    },
  )
}

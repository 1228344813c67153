import { CSRF_COOKIE, logout } from '../../../contract/index.ts'
import { logout as endSession } from '../../../services/accounts.ts'
import { SESSION_COOKIE, userOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerLogout(app: App) {
  registerOperation(app, logout, async (request, reply) => {
    await endSession(app.deps, userOf(request))
    reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' })
    return undefined
  })
}

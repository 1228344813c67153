import { getReadiness } from '../../../contract/index.ts'
import { isStoreReachable } from '../../../store/database.ts'
import { sendProblem } from '../../plugins/problems.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerReadyz(app: App) {
  /** Readiness: 503 while the database cannot be reached, so a load balancer routes around us. */
  registerOperation(app, getReadiness, async (_request, reply) => {
    if (!(await isStoreReachable(app.deps.store))) {
      return sendProblem(reply, 'not_ready', 'The database cannot be reached.')
    }
    return { status: 'ready' as const, database: app.deps.store.driver }
  })
}

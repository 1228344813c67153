import { getReadiness } from '../../../contract/index.ts'
import { DATABASE_RETRY_AFTER_SECONDS } from '../../../services/db-errors.ts'
import { isStoreReachable } from '../../../store/database.ts'
import { sendProblem } from '../../plugins/problems.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

/**
 * A probe has its own timeout (often 1 to 5 s): past it, a load balancer counts no answer, not a
 * 503. So readiness answers within this, or within GATEHOUSE_DATABASE_TIMEOUT_MS if shorter,
 * whatever the database does.
 */
const READINESS_DEADLINE_MS = 2000

export function registerReadyz(app: App) {
  /** Readiness: 503 while the database cannot be reached, so a load balancer routes around us. */
  registerOperation(app, getReadiness, async (_request, reply) => {
    const withinMs = Math.min(READINESS_DEADLINE_MS, app.deps.config.databaseTimeoutMs)
    if (!(await isStoreReachable(app.deps.store, withinMs))) {
      return sendProblem(reply, 'not_ready', 'The database cannot be reached.', {
        retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
      })
    }
    return { status: 'ready' as const, database: app.deps.store.driver }
  })
}

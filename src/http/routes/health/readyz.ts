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
  /** Readiness: 503 while the database or (PostgreSQL) the invalidation listener is down, or while
   *  the process stops, so a load balancer routes around us; the detail says which. */
  registerOperation(app, getReadiness, async (_request, reply) => {
    const { store, shutdown, config } = app.deps
    const notReady = (detail: string) =>
      sendProblem(reply, 'not_ready', detail, { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS })
    if (shutdown.stopping) return notReady('Not ready: this process is shutting down.')
    const withinMs = Math.min(READINESS_DEADLINE_MS, config.databaseTimeoutMs)
    if (!(await isStoreReachable(store, withinMs)))
      return notReady('Not ready: the database cannot be reached.')
    if (store.listenerUp?.() === false) {
      return notReady(
        'Not ready: the invalidation listener (the PostgreSQL LISTEN connection that brings revocations made by other processes) is down.',
      )
    }
    return { status: 'ready' as const, database: app.deps.store.driver }
  })
}

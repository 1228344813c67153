import { Type } from 'typebox'
import { isStoreReachable } from '../../../store/database.ts'
import { sendProblem } from '../../plugins/problems.ts'
import type { App } from '../../types.ts'

export const ReadyResponse = Type.Object({ status: Type.Literal('ready'), database: Type.String() })

/** Readiness: 503 while the database cannot be reached, so a load balancer routes around us. */
export function registerReadyz(app: App) {
  app.get(
    '/readyz',
    {
      config: { auth: 'none' },
      schema: { tags: ['health'], security: [], response: { 200: ReadyResponse } },
    },
    async (_request, reply) => {
      if (!(await isStoreReachable(app.deps.store))) {
        return sendProblem(reply, 'not_ready', 'The database cannot be reached.')
      }
      return { status: 'ready' as const, database: app.deps.store.driver }
    },
  )
}

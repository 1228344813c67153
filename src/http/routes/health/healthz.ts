import { Type } from 'typebox'
import type { App } from '../../types.ts'

export const HealthResponse = Type.Object({ status: Type.Literal('ok') })

/** Liveness: answers without touching the database, so a slow database never kills the process. */
export function registerHealthz(app: App) {
  app.get(
    '/healthz',
    {
      config: { auth: 'none' },
      schema: { tags: ['health'], security: [], response: { 200: HealthResponse } },
    },
    async () => ({ status: 'ok' as const }),
  )
}

import { getHealth } from '../../../contract/index.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerHealthz(app: App) {
  /** Liveness: answers without touching the database, so a slow database never kills the process. */
  registerOperation(app, getHealth, async () => ({ status: 'ok' as const }))
}

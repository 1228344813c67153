import type { App } from '../../types.ts'
import { registerListAuditEvents } from './list.ts'

export async function registerAuditRoutes(app: App): Promise<void> {
  registerListAuditEvents(app)
}

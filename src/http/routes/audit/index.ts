import type { App } from '../../types.ts'

export async function registerAuditRoutes(_app: App): Promise<void> {}

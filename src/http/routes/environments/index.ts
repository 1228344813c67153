import type { App } from '../../types.ts'

export async function registerEnvironmentsRoutes(_app: App): Promise<void> {}

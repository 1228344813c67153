import type { App } from '../../types.ts'

export async function registerProjectsRoutes(_app: App): Promise<void> {}

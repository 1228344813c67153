import type { App } from '../../types.ts'

export async function registerMembersRoutes(_app: App): Promise<void> {}

import type { App } from '../../types.ts'

export async function registerInvitationsRoutes(_app: App): Promise<void> {}

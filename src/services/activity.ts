import type { Deps } from './deps.ts'

const TOUCH_INTERVAL_MS = 60_000
const lastTouched = new Map<string, number>()

/**
 * Records a member's last activity at most once a minute per user and process, off the request's
 * path: a lost update costs a minute of precision, never a request.
 */
export function touchUserActivity(deps: Deps, userId: string): void {
  const now = deps.now().getTime()
  const previous = lastTouched.get(userId)
  if (previous !== undefined && now - previous < TOUCH_INTERVAL_MS) return
  if (lastTouched.size > 100_000) lastTouched.clear()
  lastTouched.set(userId, now)
  deps.db
    .updateTable('users')
    .set({ last_activity_at: new Date(now) })
    .where('id', '=', userId)
    .execute()
    .catch(() => lastTouched.delete(userId))
}

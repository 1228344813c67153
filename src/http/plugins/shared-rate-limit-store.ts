import type { SharedCounter } from '../../services/shared-limits.ts'

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void

/**
 * A store for @fastify/rate-limit that counts in PostgreSQL (services/shared-limits.ts), so the
 * per-route limits (signups and sign-ins per address per minute) hold across every process
 * sharing the database: one statement per counted request, or per burst when requests for one key
 * arrive together (services/shared-limits.ts, coalescingCounter), on routes that cost a password
 * hash anyway. Keys are prefixed with the route, as the plugin's own LocalStore does.
 */
export function sharedRateLimitStore(counter: SharedCounter, now: () => number) {
  return class SharedRateLimitStore {
    readonly #prefix: string

    constructor(options: { routeInfo?: { method?: string; url?: string } } = {}) {
      const route = options.routeInfo
      this.#prefix = route?.url ? `route:${route.method ?? ''} ${route.url}:` : 'route:'
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      const at = now()
      counter.add(`${this.#prefix}${key}`, at, timeWindow).then(
        ({ count, windowEnd }) => callback(null, { current: count, ttl: Math.max(1, windowEnd - at) }),
        (error: Error) => callback(error),
      )
    }

    child(routeOptions: { routeInfo?: { method?: string; url?: string } }) {
      return new SharedRateLimitStore(routeOptions)
    }
  }
}

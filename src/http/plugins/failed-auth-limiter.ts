/**
 * Counts failed authentications (bad token, bad password) per client address in fixed windows.
 * @fastify/rate-limit counts every request; here only failures count, so a busy CI runner with a
 * good token is never slowed while a guesser is stopped after `limit` tries.
 */
export class FailedAuthLimiter {
  readonly #limit: number
  readonly #windowMs: number
  readonly #counts = new Map<string, { failures: number; windowStart: number }>()

  constructor(limit: number, windowSeconds: number) {
    this.#limit = limit
    this.#windowMs = windowSeconds * 1000
  }

  /** Seconds to wait when the address is blocked, else undefined. */
  blockedFor(address: string, now: number): number | undefined {
    const entry = this.#current(address, now)
    if (!entry || entry.failures < this.#limit) return undefined
    return Math.max(1, Math.ceil((entry.windowStart + this.#windowMs - now) / 1000))
  }

  recordFailure(address: string, now: number): void {
    const entry = this.#current(address, now)
    if (entry) {
      entry.failures++
      return
    }
    if (this.#counts.size >= 100_000) this.#sweep(now)
    this.#counts.set(address, { failures: 1, windowStart: now })
  }

  #current(address: string, now: number) {
    const entry = this.#counts.get(address)
    if (entry && now - entry.windowStart >= this.#windowMs) {
      this.#counts.delete(address)
      return undefined
    }
    return entry
  }

  #sweep(now: number) {
    for (const [address, entry] of this.#counts) {
      if (now - entry.windowStart >= this.#windowMs) this.#counts.delete(address)
    }
    if (this.#counts.size >= 100_000) this.#counts.clear()
  }
}

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
    this.#countFailure(address, now)
  }

  /**
   * For an attempt that costs real work (a password hash): counted as a failure before it is
   * evaluated, so that many concurrent attempts cannot all slip under the limit before the first
   * one is counted. `release` takes the count back when the attempt did not fail.
   */
  reserve(address: string, now: number): { retryAfterSeconds: number } | { release: () => void } {
    const retryAfterSeconds = this.blockedFor(address, now)
    if (retryAfterSeconds !== undefined) return { retryAfterSeconds }
    const entry = this.#countFailure(address, now)
    let released = false
    return {
      release: () => {
        // A window that has ended since took the count with it.
        if (released || this.#counts.get(address) !== entry) return
        released = true
        entry.failures--
      },
    }
  }

  #countFailure(address: string, now: number) {
    const entry = this.#current(address, now)
    if (entry) {
      entry.failures++
      return entry
    }
    if (this.#counts.size >= 100_000) this.#sweep(now)
    const fresh = { failures: 1, windowStart: now }
    this.#counts.set(address, fresh)
    return fresh
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

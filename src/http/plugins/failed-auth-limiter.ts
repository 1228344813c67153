import type { SharedCounter } from '../../services/shared-limits.ts'

/**
 * Counts failed authentications (bad token, bad password) per client address in fixed windows.
 * @fastify/rate-limit counts every request; here only failures count, so a busy CI runner with a
 * good token is never slowed while a guesser is stopped after `limit` tries.
 *
 * With a shared counter (PostgreSQL), each failure is also counted in the database (attempts that
 * come together share one statement, shared-limits.ts), and the count it answers tells this
 * process when the address has reached the limit across every process: it then refuses the
 * address from memory until the window ends. A process that has not itself seen a failure of the
 * address since learns of the block at its next one, so N processes evaluate at most
 * limit + N - 1 failures per window, not N times the limit.
 *
 * A failed authentication is counted in the shared counter by `countSharedFailure`. Far from the
 * limit (the count last answered plus the failures gathered here below half of it, and fewer than
 * a sixteenth of it gathered), its refusal does not wait for the database: an address's failures
 * are gathered for BACKGROUND_BATCH_MS and counted together, so a guesser's burst of never-issued
 * tokens costs neither a round trip each nor a statement each. Otherwise each failure is sent at
 * once (attempts that come together still share a statement), its refusal waits for the answer,
 * and the address's next attempt waits for the counts not yet answered before it is evaluated
 * (`countInFlight`): near the limit it is as strict as a statement each. What far-off batching can
 * let through beyond the limit is what the other processes have gathered, under a sixteenth of
 * the limit each.
 */
/** How long failures far from the limit are gathered before they are counted in the database
 *  (at most one statement per address per batch). */
export const BACKGROUND_BATCH_MS = 10

interface BackgroundCount {
  /** Failures not sent yet. */
  gathered: number
  /** Failures not answered yet: gathered, or sent and waiting for their answer. */
  pending: number
  /** The batch waiting for its timer, while there is one. */
  batch: Promise<void> | undefined
  /** Settles once every failure counted so far has been answered (or failed). */
  unanswered: Promise<void> | undefined
  /** The last count answered, and when its window ends. */
  count: number
  windowEnd: number
}

export class FailedAuthLimiter {
  readonly #limit: number
  readonly #windowMs: number
  readonly #counts = new Map<string, { failures: number; windowStart: number }>()
  readonly #shared: SharedCounter | undefined
  /** Addresses the shared count says are over the limit: until when (ms since the epoch). */
  readonly #sharedBlocks = new Map<string, number>()
  /** Per address: the failures gathered for the next background count, the counts not yet
   *  answered, and the last count answered in the current window. */
  readonly #background = new Map<string, BackgroundCount>()
  readonly #onBackgroundError: (error: unknown) => void

  readonly #batchMs: number

  constructor(
    limit: number,
    windowSeconds: number,
    shared?: SharedCounter,
    background: { onError?: (error: unknown) => void; batchMs?: number } = {},
  ) {
    this.#limit = limit
    this.#windowMs = windowSeconds * 1000
    this.#shared = shared
    this.#onBackgroundError = background.onError ?? (() => {})
    this.#batchMs = background.batchMs ?? BACKGROUND_BATCH_MS
  }

  /**
   * Counts a failure (or, with `reserving`, an attempt about to cost a password hash) in the
   * shared counter, when there is one. Answers true when this very attempt is beyond the limit.
   */
  async countShared(
    address: string,
    now: number,
    options: { reserving?: boolean; attempts?: number } = {},
  ): Promise<boolean> {
    if (!this.#shared) return false
    const { count, windowEnd } = await this.#shared.add(
      `auth:${address}`,
      now,
      this.#windowMs,
      options.attempts ?? 1,
    )
    this.#noteSharedCount(address, count, windowEnd)
    if (count >= this.#limit) {
      if (this.#sharedBlocks.size >= 100_000) this.#sharedBlocks.clear()
      this.#sharedBlocks.set(address, windowEnd)
    }
    return options.reserving === true && count > this.#limit
  }

  /**
   * Counts a failure in the shared counter (see the class). Far from the limit it is gathered and
   * nothing is returned: the refusal goes at once. Near it, the count is sent at once and its
   * promise returned: the refusal waits for it, so that the next attempt anywhere sees it, exactly
   * as with a statement awaited each. A count that fails (the database is down) is reported to
   * `onError` and settles the promise all the same: the refusal stands, and this process's own
   * count in memory still limits the address.
   */
  countSharedFailure(address: string, now: number): Promise<void> | undefined {
    if (!this.#shared) return undefined
    let state = this.#background.get(address)
    if (!state) {
      if (this.#background.size >= 100_000) this.#sweepBackground(now)
      state = { gathered: 0, pending: 0, batch: undefined, unanswered: undefined, count: 0, windowEnd: 0 }
      this.#background.set(address, state)
    }
    state.gathered++
    state.pending++
    if (this.#nearLimit(state, now)) return this.#sendGathered(address, state, now)
    if (state.batch) return undefined
    const gatheredFrom = now
    const batch = new Promise<void>((resolve) => {
      setTimeout(() => {
        if (state.batch === batch) state.batch = undefined
        this.#sendGathered(address, state, gatheredFrom).then(resolve)
      }, this.#batchMs).unref()
    })
    state.batch = batch
    this.#track(state, batch)
    return undefined
  }

  /**
   * What the address's next attempt must wait for before it is evaluated: its counts not yet
   * answered, once it is near the limit (see the class). Undefined: go on at once.
   */
  countInFlight(address: string, now: number): Promise<void> | undefined {
    const state = this.#background.get(address)
    if (!state?.unanswered) return undefined
    return this.#nearLimit(state, now) ? state.unanswered : undefined
  }

  #nearLimit(state: BackgroundCount, now: number): boolean {
    const count = state.windowEnd > now ? state.count : 0
    return (count + state.pending) * 2 >= this.#limit || state.gathered * 16 >= this.#limit
  }

  /** Sends the failures gathered so far as one count; resolves once it is answered (or failed). */
  #sendGathered(address: string, state: BackgroundCount, now: number): Promise<void> {
    const attempts = state.gathered
    state.gathered = 0
    if (attempts === 0) return Promise.resolve()
    const counted = this.countShared(address, now, { attempts }).then(
      (): void => {},
      (error: unknown) => this.#onBackgroundError(error),
    )
    void counted.then(() => {
      state.pending -= attempts
    })
    this.#track(state, counted)
    return counted
  }

  /** Counts of one address are answered in the order they were sent (one statement at a time per
   *  key, shared-limits.ts), so the latest one is what "every count answered" waits for. */
  #track(state: BackgroundCount, counting: Promise<void>): void {
    const unanswered =
      state.batch && state.batch !== counting ? Promise.all([state.batch, counting]) : counting
    const settled = unanswered.then((): void => {})
    state.unanswered = settled
    void settled.then(() => {
      if (state.unanswered === settled) state.unanswered = undefined
    })
  }

  #noteSharedCount(address: string, count: number, windowEnd: number): void {
    const state = this.#background.get(address)
    if (!state) return
    // Answers of a later window replace those of an earlier one; within one, counts only grow.
    if (windowEnd > state.windowEnd || count > state.count) {
      state.count = count
      state.windowEnd = windowEnd
    }
  }

  #sweepBackground(now: number): void {
    for (const [address, state] of this.#background) {
      if (!state.unanswered && state.windowEnd <= now) this.#background.delete(address)
    }
    if (this.#background.size >= 100_000) {
      for (const [address, state] of this.#background) if (!state.unanswered) this.#background.delete(address)
    }
  }

  /** Takes back an attempt counted with `reserving` that did not fail. */
  async uncountShared(address: string, now: number): Promise<void> {
    await this.#shared?.remove(`auth:${address}`, now, this.#windowMs)
  }

  get shared(): boolean {
    return this.#shared !== undefined
  }

  /** Seconds to wait when the address is blocked, else undefined. */
  blockedFor(address: string, now: number): number | undefined {
    const sharedUntil = this.#sharedBlocks.get(address)
    if (sharedUntil !== undefined) {
      if (sharedUntil > now) return Math.max(1, Math.ceil((sharedUntil - now) / 1000))
      this.#sharedBlocks.delete(address)
    }
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

import type { FailedAuthLimiter } from './failed-auth-limiter.ts'

/**
 * Failed sign-ins per account, whatever address they come from: a guesser spread over many
 * addresses slips under every per-address limit, not under this one. The lockout is a backoff
 * that stays short, because anyone who knows an email can trigger it against its owner:
 * - the first FREE_FAILURES failures cost nothing (typos);
 * - each further failure locks the account for FIRST_LOCK_MS, doubled each time (1 s, 2 s, 4 s, ...),
 *   never more than MAX_LOCK_MS (5 minutes): the owner waits at most that after the last guess;
 * - attempts refused during a lock are not failures, so hammering a locked account does not
 *   lengthen its lock; a success, or FORGET_AFTER_MS without a failure, starts afresh.
 * Once the free failures are spent, one attempt at a time is evaluated: concurrent guesses
 * cannot all be checked before the first failure is counted.
 *
 * An unknown email is counted like a known one, so the limit tells nothing about who has an
 * account. Counts live in this process's memory; on PostgreSQL the failures and the lock are
 * also kept in the database (services/shared-limits.ts), so every process applies the same lock.
 */
export const FREE_FAILURES = 5
export const FIRST_LOCK_MS = 1000
export const MAX_LOCK_MS = 5 * 60_000
export const FORGET_AFTER_MS = 15 * 60_000
const MAX_ACCOUNTS = 100_000

interface AccountState {
  failures: number
  inFlight: number
  lockedUntil: number
  lastFailure: number
}

/** An attempt let through: say how it ended, exactly once. */
export interface LoginAttempt {
  succeeded(): void
  failed(now: number): void
  /** Ended with neither verdict (the server was busy, the database failed). */
  abandoned(): void
}

export class AccountLockout {
  readonly #accounts = new Map<string, AccountState>()

  begin(account: string, now: number): { retryAfterSeconds: number } | LoginAttempt {
    const key = account.trim().toLowerCase()
    const state = this.#current(key, now) ?? this.#add(key, now)
    if (now < state.lockedUntil) return { retryAfterSeconds: secondsUntil(state.lockedUntil, now) }
    if (state.inFlight > 0 && state.failures + state.inFlight >= FREE_FAILURES) {
      return { retryAfterSeconds: 1 }
    }
    state.inFlight++
    let ended = false
    const end = (verdict: (state: AccountState) => void) => {
      if (ended) return
      ended = true
      state.inFlight--
      verdict(state)
      const idle = state.inFlight === 0 && state.failures === 0
      if (idle && this.#accounts.get(key) === state) this.#accounts.delete(key)
    }
    return {
      succeeded: () =>
        end((s) => {
          s.failures = 0
          s.lockedUntil = 0
        }),
      failed: (failedAt) =>
        end((s) => {
          s.failures++
          s.lastFailure = failedAt
          if (s.failures >= FREE_FAILURES) s.lockedUntil = failedAt + lockFor(s.failures)
        }),
      abandoned: () => end(() => {}),
    }
  }

  #current(key: string, now: number): AccountState | undefined {
    const state = this.#accounts.get(key)
    if (state && isForgotten(state, now)) {
      this.#accounts.delete(key)
      return undefined
    }
    return state
  }

  #add(key: string, now: number): AccountState {
    if (this.#accounts.size >= MAX_ACCOUNTS) this.#sweep(now)
    const state = { failures: 0, inFlight: 0, lockedUntil: 0, lastFailure: now }
    this.#accounts.set(key, state)
    return state
  }

  /** Forgets what is over; if that is not enough, the oldest entries (a flood of made-up emails). */
  #sweep(now: number) {
    for (const [key, state] of this.#accounts) if (isForgotten(state, now)) this.#accounts.delete(key)
    for (const key of this.#accounts.keys()) {
      if (this.#accounts.size < MAX_ACCOUNTS * 0.9) break
      this.#accounts.delete(key)
    }
  }
}

/** How long the account is locked after its `failures`-th failure in a row. */
export function lockFor(failures: number): number {
  if (failures < FREE_FAILURES) return 0
  return Math.min(FIRST_LOCK_MS * 2 ** (failures - FREE_FAILURES), MAX_LOCK_MS)
}

function isForgotten(state: AccountState, now: number): boolean {
  return state.inFlight === 0 && now >= state.lockedUntil && now - state.lastFailure >= FORGET_AFTER_MS
}

function secondsUntil(time: number, now: number): number {
  return Math.max(1, Math.ceil((time - now) / 1000))
}

export const ACCOUNT_LOCKED =
  'Too many failed sign-ins to this account; retry after the time Retry-After gives.'

/** Why a sign-in is refused before its password is even looked at. */
export interface LoginRefusal {
  detail: string
  retryAfterSeconds: number
}

/**
 * Lets a sign-in through both limits, or says why not. The address's attempt is reserved (counted
 * as a failure) before the password hash, and taken back unless the password turns out wrong.
 */
export function beginLogin(
  limits: { addresses: FailedAuthLimiter; accounts: AccountLockout },
  address: string,
  email: string,
  now: number,
): { refused: LoginRefusal } | { attempt: LoginAttempt } {
  const reservation = limits.addresses.reserve(address, now)
  if ('retryAfterSeconds' in reservation) {
    const detail = 'Too many failed sign-ins from this address; retry later.'
    return { refused: { detail, retryAfterSeconds: reservation.retryAfterSeconds } }
  }
  const account = limits.accounts.begin(email, now)
  if ('retryAfterSeconds' in account) {
    reservation.release()
    const detail = ACCOUNT_LOCKED
    return { refused: { detail, retryAfterSeconds: account.retryAfterSeconds } }
  }
  return {
    attempt: {
      succeeded: () => {
        reservation.release()
        account.succeeded()
      },
      failed: (failedAt) => account.failed(failedAt),
      abandoned: () => {
        reservation.release()
        account.abandoned()
      },
    },
  }
}

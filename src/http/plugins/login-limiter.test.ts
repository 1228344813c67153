import { describe, expect, it } from 'vitest'
import { FailedAuthLimiter } from './failed-auth-limiter.ts'
import {
  AccountLockout,
  beginLogin,
  FORGET_AFTER_MS,
  FREE_FAILURES,
  type LoginAttempt,
  lockFor,
  MAX_LOCK_MS,
} from './login-limiter.ts'

function admitted(result: { retryAfterSeconds: number } | LoginAttempt): LoginAttempt {
  if ('retryAfterSeconds' in result) throw new Error(`refused for ${result.retryAfterSeconds} s`)
  return result
}

/** Fails `count` sign-ins to `account` in a row, each once the previous lock is over; the last time. */
function failInARow(lockout: AccountLockout, account: string, count: number, start = 0): number {
  let now = start
  for (let i = 1; i <= count; i++) {
    admitted(lockout.begin(account, now)).failed(now)
    now += lockFor(i)
  }
  return now - lockFor(count)
}

describe('lockFor', () => {
  it('is free for the first failures, then doubles from 1 s, and never passes 5 minutes', () => {
    const locks = Array.from({ length: 16 }, (_, i) => lockFor(i + 1))
    expect(locks.slice(0, FREE_FAILURES - 1)).toEqual([0, 0, 0, 0])
    expect(locks.slice(FREE_FAILURES - 1, FREE_FAILURES + 4)).toEqual([1000, 2000, 4000, 8000, 16_000])
    expect(Math.max(...locks)).toBe(MAX_LOCK_MS)
    expect(lockFor(1000)).toBe(MAX_LOCK_MS)
    expect(MAX_LOCK_MS).toBe(300_000)
  })
})

describe('AccountLockout', () => {
  it('locks after the free failures and says for how long, whatever the case of the email', () => {
    const lockout = new AccountLockout()
    const last = failInARow(lockout, 'Ada@Example.test', FREE_FAILURES)
    expect(lockout.begin('ada@example.test ', last)).toEqual({ retryAfterSeconds: 1 })
    expect('failed' in lockout.begin('ada@example.test', last + 1000)).toBe(true)
  })

  it('never locks the owner out for more than 5 minutes after the last counted guess', () => {
    const lockout = new AccountLockout()
    const last = failInARow(lockout, 'ada', 40)
    expect(lockout.begin('ada', last)).toEqual({ retryAfterSeconds: 300 })
    // Hammering the locked account is refused without counting: the lock does not grow.
    for (let t = last; t < last + MAX_LOCK_MS; t += 10_000)
      expect('retryAfterSeconds' in lockout.begin('ada', t)).toBe(true)
    admitted(lockout.begin('ada', last + MAX_LOCK_MS)).succeeded()
    // A success starts afresh: the free failures are back.
    failInARow(lockout, 'ada', FREE_FAILURES - 1, last + MAX_LOCK_MS)
    expect('failed' in lockout.begin('ada', last + MAX_LOCK_MS)).toBe(true)
  })

  it('forgets failures after a quiet while', () => {
    const lockout = new AccountLockout()
    const last = failInARow(lockout, 'ada', FREE_FAILURES + 2)
    const later = last + FORGET_AFTER_MS
    for (let i = 0; i < FREE_FAILURES - 1; i++) admitted(lockout.begin('ada', later)).failed(later)
    expect('failed' in lockout.begin('ada', later)).toBe(true)
  })

  it('once the free failures are spent, evaluates one attempt at a time', () => {
    const lockout = new AccountLockout()
    const inFlight = Array.from({ length: FREE_FAILURES }, () => admitted(lockout.begin('ada', 0)))
    expect(lockout.begin('ada', 0)).toEqual({ retryAfterSeconds: 1 })
    inFlight[0]?.abandoned()
    const next = admitted(lockout.begin('ada', 0))
    for (const attempt of [...inFlight.slice(1), next]) attempt.failed(0)
    // Five failures, not six: the abandoned attempt counted for nothing.
    expect(lockout.begin('ada', 999)).toEqual({ retryAfterSeconds: 1 })
    admitted(lockout.begin('ada', 1000)).failed(1000)
    expect(lockout.begin('ada', 1000)).toEqual({ retryAfterSeconds: 2 })
  })

  it('takes each verdict once', () => {
    const lockout = new AccountLockout()
    const attempt = admitted(lockout.begin('ada', 0))
    for (let i = 0; i < FREE_FAILURES + 3; i++) attempt.failed(0)
    expect('failed' in lockout.begin('ada', 0)).toBe(true)
  })
})

describe('beginLogin', () => {
  it('gives back the address reservation when the account is locked, and on success', () => {
    const limits = { addresses: new FailedAuthLimiter(2, 60), accounts: new AccountLockout() }
    failInARow(limits.accounts, 'ada', FREE_FAILURES)
    for (let i = 0; i < 5; i++) {
      const refused = beginLogin(limits, '10.0.0.1', 'ada', 0)
      expect(refused).toEqual({
        refused: { detail: expect.stringContaining('account'), retryAfterSeconds: 1 },
      })
    }
    for (let i = 0; i < 5; i++) {
      const admission = beginLogin(limits, '10.0.0.1', 'bob', 0)
      if (!('attempt' in admission)) throw new Error('refused')
      admission.attempt.succeeded()
    }
    expect(limits.addresses.blockedFor('10.0.0.1', 0)).toBeUndefined()
  })

  it('keeps the address reservation when the password was wrong', () => {
    const limits = { addresses: new FailedAuthLimiter(2, 60), accounts: new AccountLockout() }
    for (const email of ['a', 'b']) {
      const admission = beginLogin(limits, '10.0.0.1', email, 0)
      if (!('attempt' in admission)) throw new Error('refused')
      admission.attempt.failed(0)
    }
    expect(beginLogin(limits, '10.0.0.1', 'c', 0)).toEqual({
      refused: { detail: expect.stringContaining('address'), retryAfterSeconds: 60 },
    })
  })
})

import { describe, expect, it } from 'vitest'
import type { SharedCounter } from '../../services/shared-limits.ts'
import { FailedAuthLimiter } from './failed-auth-limiter.ts'

describe('FailedAuthLimiter', () => {
  it('blocks an address after `limit` failures until its window ends, and only that address', () => {
    const limiter = new FailedAuthLimiter(3, 60)
    for (let i = 0; i < 3; i++) {
      expect(limiter.blockedFor('10.0.0.1', 1000)).toBeUndefined()
      limiter.recordFailure('10.0.0.1', 1000)
    }
    expect(limiter.blockedFor('10.0.0.1', 1000)).toBe(60)
    expect(limiter.blockedFor('10.0.0.1', 31_000)).toBe(30)
    expect(limiter.blockedFor('10.0.0.2', 31_000)).toBeUndefined()
    expect(limiter.blockedFor('10.0.0.1', 61_000)).toBeUndefined()
  })

  it('starts a fresh window once the old one is over', () => {
    const limiter = new FailedAuthLimiter(2, 10)
    limiter.recordFailure('a', 0)
    limiter.recordFailure('a', 10_000)
    expect(limiter.blockedFor('a', 10_000)).toBeUndefined()
    limiter.recordFailure('a', 10_001)
    expect(limiter.blockedFor('a', 10_001)).toBe(10)
  })
})

describe('FailedAuthLimiter.reserve', () => {
  it('counts the attempt before it is evaluated, so concurrent attempts stop at the limit', () => {
    const limiter = new FailedAuthLimiter(3, 60)
    const attempts = Array.from({ length: 5 }, () => limiter.reserve('a', 0))
    expect(attempts.map((a) => 'release' in a)).toEqual([true, true, true, false, false])
    expect(attempts[3]).toEqual({ retryAfterSeconds: 60 })
  })

  it('takes the count back on release, once only, and not from a later window', () => {
    const limiter = new FailedAuthLimiter(2, 10)
    const first = limiter.reserve('a', 0)
    const second = limiter.reserve('a', 0)
    expect(limiter.blockedFor('a', 0)).toBe(10)
    if (!('release' in first) || !('release' in second)) throw new Error('refused')
    first.release()
    first.release()
    expect(limiter.blockedFor('a', 0)).toBeUndefined()
    const third = limiter.reserve('a', 0)
    expect('release' in third).toBe(true)
    expect(limiter.blockedFor('a', 0)).toBe(10)
    // The window ended with its counts; releasing into the next one would hand out a free try.
    limiter.recordFailure('a', 10_000)
    second.release()
    limiter.recordFailure('a', 10_001)
    expect(limiter.blockedFor('a', 10_001)).toBe(10)
  })
})

/** A shared counter held in memory whose answers the test releases; it notes each count's size. */
function heldCounter() {
  const counts = new Map<string, number>()
  const held: Array<() => void> = []
  const sent: number[] = []
  let failing = false
  const counter: SharedCounter = {
    add(key, _nowMs, windowMs, amount = 1) {
      sent.push(amount)
      return new Promise((resolve, reject) => {
        held.push(() => {
          if (failing) return reject(new Error('database down'))
          const count = (counts.get(key) ?? 0) + amount
          counts.set(key, count)
          resolve({ count, windowEnd: windowMs })
        })
      })
    },
    async remove() {},
  }
  return {
    counter,
    held,
    sent,
    failWith: () => {
      failing = true
    },
    async answerAll() {
      while (held.length > 0) held.shift()?.()
      await new Promise((resolve) => setImmediate(resolve))
    },
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('FailedAuthLimiter.countSharedFailure', () => {
  it('gathers the failures of an address far from the limit into one count, and waits for none', async () => {
    const shared = heldCounter()
    const limiter = new FailedAuthLimiter(100, 60, shared.counter, { batchMs: 20 })
    for (let i = 0; i < 5; i++) expect(limiter.countSharedFailure('a', 0)).toBeUndefined()
    expect(shared.sent).toEqual([])
    expect(limiter.countInFlight('a', 0)).toBeUndefined()
    await sleep(40)
    expect(shared.sent).toEqual([5])
    await shared.answerAll()
    expect(limiter.countInFlight('a', 0)).toBeUndefined()
  })

  it('from half the limit on, sends each failure at once and makes the next attempt wait for it', async () => {
    const shared = heldCounter()
    const limiter = new FailedAuthLimiter(64, 60, shared.counter, { batchMs: 5 })
    for (let i = 0; i < 3; i++) limiter.countSharedFailure('a', 0)
    await sleep(20)
    expect(shared.sent).toEqual([3])
    // A sixteenth of the limit gathered: sent at once, not batched.
    for (let i = 0; i < 4; i++) limiter.countSharedFailure('a', 0)
    expect(shared.sent).toEqual([3, 4])
    await shared.answerAll()
    for (let i = 0; i < 3; i++) limiter.countSharedFailure('a', 0)
    await sleep(20)
    await shared.answerAll()
    expect(shared.sent).toEqual([3, 4, 3])
    // Ten of 64 answered, then 22 more make half the limit: each is sent at once from the 22nd on,
    // and the next attempt waits for it.
    for (let i = 0; i < 21; i++) limiter.countSharedFailure('a', 0)
    await sleep(20)
    await shared.answerAll()
    expect(shared.sent.slice(3).reduce((sum, amount) => sum + amount, 0)).toBe(21)
    shared.sent.length = 0
    // Near the limit the caller gets the count to wait for before it answers.
    expect(limiter.countSharedFailure('a', 0)).toBeInstanceOf(Promise)
    expect(shared.sent).toEqual([1])
    const inFlight = limiter.countInFlight('a', 0)
    expect(inFlight).toBeInstanceOf(Promise)
    expect(limiter.countInFlight('b', 0)).toBeUndefined()
    let settled = false
    void inFlight?.then(() => {
      settled = true
    })
    await new Promise((resolve) => setImmediate(resolve))
    expect(settled).toBe(false)
    await shared.answerAll()
    expect(settled).toBe(true)
    expect(limiter.countInFlight('a', 0)).toBeUndefined()
    // The rest up to the limit block the address once they are answered.
    for (let i = 0; i < 32; i++) limiter.countSharedFailure('a', 0)
    await shared.answerAll()
    expect(limiter.blockedFor('a', 0)).toBe(60)
  })

  it('reports a count the database could not take, and the address is still limited in memory', async () => {
    const shared = heldCounter()
    const errors: unknown[] = []
    const limiter = new FailedAuthLimiter(40, 60, shared.counter, {
      batchMs: 1,
      onError: (error) => errors.push(error),
    })
    shared.failWith()
    for (let i = 0; i < 2; i++) {
      limiter.recordFailure('a', 0)
      limiter.countSharedFailure('a', 0)
    }
    await sleep(20)
    await shared.answerAll()
    expect(errors).toHaveLength(1)
    expect(String(errors[0])).toContain('database down')
    for (let i = 2; i < 40; i++) limiter.recordFailure('a', 0)
    expect(limiter.blockedFor('a', 0)).toBe(60)
  })
})

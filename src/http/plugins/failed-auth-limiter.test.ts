import { describe, expect, it } from 'vitest'
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

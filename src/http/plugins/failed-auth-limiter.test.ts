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

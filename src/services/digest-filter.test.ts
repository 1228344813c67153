import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { DigestFilter } from './digest-filter.ts'

/** A SHA-256 digest is as good as random bytes. */
const digest = () => randomBytes(32).toString('hex')

describe('DigestFilter', () => {
  it('never forgets a digest it was given', () => {
    const filter = new DigestFilter(10_000)
    const added = Array.from({ length: 10_000 }, digest)
    for (const d of added) filter.add(d)
    expect(added.every((d) => filter.mayContain(d))).toBe(true)
    expect(filter.count).toBe(10_000)
  })

  it('refuses nearly every digest it was not given, at its stated rate when full', () => {
    const filter = new DigestFilter(4096)
    for (let i = 0; i < filter.capacity; i++) filter.add(digest())
    let maybe = 0
    const tries = 50_000
    for (let i = 0; i < tries; i++) if (filter.mayContain(digest())) maybe++
    // 16 bits and 8 probes per digest: about 0.06% when full.
    expect(maybe / tries).toBeLessThan(0.002)
  })

  it('is sized by a power of two of bits, 16 per digest, and holds nothing at first', () => {
    const filter = new DigestFilter(1_000_000)
    expect(filter.capacity).toBe(2 ** 20)
    expect(filter.mayContain(digest())).toBe(false)
    expect(new DigestFilter(1).capacity).toBe(64)
  })
})

/**
 * A Bloom filter over SHA-256 digests (hex): "certainly never added" or "maybe added". It lets
 * authentication refuse a well-formed token that was never issued without asking the database
 * (a valid checksum costs an attacker nothing, a database round trip costs us one). 16 bits and
 * 8 probes per digest: about 1 in 1,700 unknown digests still reaches the database, and a million
 * digests take 2 MiB. A digest is already uniformly random, so its own bits are the probes' hash.
 * Nothing is ever removed: a deleted token's digest stays "maybe" (its lookup then finds nothing)
 * until the filter is rebuilt from the database.
 */
export class DigestFilter {
  static readonly BITS_PER_DIGEST = 16
  static readonly PROBES = 8
  readonly capacity: number
  readonly #words: Uint32Array
  readonly #mask: number
  #count = 0

  /** Room for `capacity` digests at the stated error rate (more still work, with more errors). */
  constructor(capacity: number) {
    // A power of two of bits, so that a probe is a mask, not a division.
    // At most 2^31 bits (256 MiB, 134 million digests): bit positions stay positive int32s.
    const wanted = Math.ceil(Math.log2(Math.max(1, capacity) * DigestFilter.BITS_PER_DIGEST))
    const bits = 2 ** Math.min(31, Math.max(10, wanted))
    this.capacity = bits / DigestFilter.BITS_PER_DIGEST
    this.#words = new Uint32Array(bits / 32)
    this.#mask = bits - 1
  }

  /** Digests added, counting any added twice twice. */
  get count(): number {
    return this.#count
  }

  add(digestHex: string): void {
    let [position, step] = probesOf(digestHex)
    for (let i = 0; i < DigestFilter.PROBES; i++) {
      const bit = position & this.#mask
      this.#words[bit >>> 5] = (this.#words[bit >>> 5] as number) | (1 << (bit & 31))
      position = (position + step) >>> 0
    }
    this.#count++
  }

  /** False: this digest was never added. True: it may have been. */
  mayContain(digestHex: string): boolean {
    let [position, step] = probesOf(digestHex)
    for (let i = 0; i < DigestFilter.PROBES; i++) {
      const bit = position & this.#mask
      if (((this.#words[bit >>> 5] as number) & (1 << (bit & 31))) === 0) return false
      position = (position + step) >>> 0
    }
    return true
  }
}

/** Double hashing from the digest's first 64 bits; an odd step visits distinct bits. */
function probesOf(digestHex: string): [position: number, step: number] {
  const position = Number.parseInt(digestHex.slice(0, 8), 16) >>> 0
  const step = (Number.parseInt(digestHex.slice(8, 16), 16) | 1) >>> 0
  return [position, step]
}

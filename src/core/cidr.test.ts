import { describe, expect, it } from 'vitest'
import { addressMatcher, MAX_ALLOWED_CIDRS, parseAllowedCidrs, parseCidr } from './cidr.ts'
import { isGatehouseError } from './errors.ts'

function problemOf(entries: string[]) {
  try {
    parseAllowedCidrs(entries)
  } catch (error) {
    if (isGatehouseError(error, 'invalid_input')) return error
    throw error
  }
  throw new Error('expected a problem')
}

describe('allowed addresses: parsing', () => {
  it('keeps IPv4 and IPv6 ranges in canonical form, a bare address as its own range, without duplicates', () => {
    expect(
      parseAllowedCidrs([
        '10.0.0.0/8',
        '192.168.1.7',
        ' 172.16.0.0/12 ',
        '2001:DB8:0:0::/32',
        '::1',
        '2001:db8::/32',
        '0.0.0.0/0',
      ]),
    ).toEqual(['10.0.0.0/8', '192.168.1.7/32', '172.16.0.0/12', '2001:db8::/32', '::1/128', '0.0.0.0/0'])
  })

  it('refuses a malformed entry with a 400 naming it and its index', () => {
    for (const [entry, words] of [
      ['10.0.0.0/33', 'prefix length beyond 32'],
      ['::/129', 'prefix length beyond 128'],
      ['10.0.0', 'not an IPv4 or IPv6'],
      ['256.0.0.0/8', 'not an IPv4 or IPv6'],
      ['10.0.0.0/8/8', 'not an IPv4 or IPv6'],
      ['10.0.0.0/x', 'malformed prefix'],
      ['10.0.0.0/', 'malformed prefix'],
      ['example.com', 'not an IPv4 or IPv6'],
      ['', 'not an IPv4 or IPv6'],
      ['10.0.0.1/8', 'did you mean 10.0.0.0/8'],
      ['2001:db8::1/32', 'did you mean 2001:db8::/32'],
    ] as const) {
      const problem = problemOf(['192.168.0.0/16', entry])
      expect(problem.fieldErrors, entry).toEqual([
        { field: 'body.allowed_cidrs[1]', message: expect.stringContaining(words) },
      ])
      expect(problem.fieldErrors?.[0]?.message, entry).toContain(JSON.stringify(entry))
      expect(problem.message).toContain('allowed_cidrs[1]')
    }
  })

  it(`refuses more than ${MAX_ALLOWED_CIDRS} entries`, () => {
    const entries = Array.from({ length: MAX_ALLOWED_CIDRS + 1 }, (_, i) => `10.0.${i}.0/24`)
    expect(parseAllowedCidrs(entries.slice(0, MAX_ALLOWED_CIDRS))).toHaveLength(MAX_ALLOWED_CIDRS)
    expect(problemOf(entries).fieldErrors).toEqual([
      { field: 'body.allowed_cidrs', message: `must list at most 32 ranges, got 33` },
    ])
  })

  it('shortens a very long entry in its message', () => {
    const long = 'x'.repeat(500)
    const message = parseCidr(long) as string
    expect(message.length).toBeLessThan(120)
  })
})

describe('allowed addresses: matching', () => {
  it('allows every address when the list is empty', () => {
    expect(addressMatcher([])).toBeUndefined()
  })

  it('matches IPv4, IPv6 and IPv4 seen through an IPv6 socket; refuses the rest and non-addresses', () => {
    const allowed = addressMatcher(['10.0.0.0/8', '192.168.1.7/32', '2001:db8::/32']) as (
      ip: string,
    ) => boolean
    expect(allowed('10.255.0.1')).toBe(true)
    expect(allowed('::ffff:10.1.2.3')).toBe(true)
    expect(allowed('192.168.1.7')).toBe(true)
    expect(allowed('192.168.1.8')).toBe(false)
    expect(allowed('11.0.0.1')).toBe(false)
    expect(allowed('2001:db8:ffff::1')).toBe(true)
    expect(allowed('2001:db9::1')).toBe(false)
    expect(allowed('')).toBe(false)
    expect(allowed('not an ip')).toBe(false)
  })

  it('matches everything under /0', () => {
    const all4 = addressMatcher(['0.0.0.0/0']) as (ip: string) => boolean
    expect(all4('8.8.8.8')).toBe(true)
    expect(all4('2001:db8::1')).toBe(false)
    const all6 = addressMatcher(['::/0']) as (ip: string) => boolean
    expect(all6('2001:db8::1')).toBe(true)
  })
})

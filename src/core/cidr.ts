import { BlockList, isIP } from 'node:net'
import { type FieldError, GatehouseError } from './errors.ts'

/**
 * A token's allowed addresses: IPv4 and IPv6 CIDR ranges. Stored canonical (`10.0.0.0/8`,
 * `2001:db8::/32`; a bare address is its own /32 or /128), so the list an admin reads back is the
 * list that is enforced. A range with bits set beyond its prefix (`10.0.0.1/8`) is refused rather
 * than silently widened or narrowed: the admin meant something, and we cannot tell what.
 */
export const MAX_ALLOWED_CIDRS = 32

/** The canonical list, or a 400 naming every entry that is wrong (`body.allowed_cidrs[3]`). */
export function parseAllowedCidrs(entries: readonly string[], field = 'body.allowed_cidrs'): string[] {
  const errors: FieldError[] = []
  if (entries.length > MAX_ALLOWED_CIDRS) {
    errors.push({ field, message: `must list at most ${MAX_ALLOWED_CIDRS} ranges, got ${entries.length}` })
  }
  const canonical: string[] = []
  entries.forEach((entry, index) => {
    const parsed = parseCidr(entry)
    if (typeof parsed === 'string') errors.push({ field: `${field}[${index}]`, message: parsed })
    else if (!canonical.includes(parsed.text)) canonical.push(parsed.text)
  })
  if (errors.length > 0) {
    const first = errors[0] as FieldError
    throw new GatehouseError(
      'invalid_input',
      `allowed_cidrs is invalid: ${first.field.replace(/^body\./, '')} ${first.message}.`,
      { fieldErrors: errors },
    )
  }
  return canonical
}

interface Cidr {
  version: 4 | 6
  address: string
  prefix: number
  text: string
}

/** One entry parsed, or what is wrong with it in words. */
export function parseCidr(entry: string): Cidr | string {
  const shown = JSON.stringify(entry.length > 60 ? `${entry.slice(0, 60)}…` : entry)
  const [address = '', prefixText, ...rest] = entry.trim().split('/')
  const version = isIP(address) as 0 | 4 | 6
  if (version === 0 || rest.length > 0) return `${shown} is not an IPv4 or IPv6 address or CIDR range`
  const bits = version === 4 ? 32 : 128
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText))
    return `${shown} has a malformed prefix length (0 to ${bits})`
  const prefix = prefixText === undefined ? bits : Number(prefixText)
  if (prefix > bits) return `${shown} has a prefix length beyond ${bits}`
  const value = version === 4 ? ipv4ToBigInt(address) : ipv6ToBigInt(address)
  const hostBits = BigInt(bits - prefix)
  if ((value & ((1n << hostBits) - 1n)) !== 0n) {
    const network = (value >> hostBits) << hostBits
    const suggestion = version === 4 ? bigIntToIpv4(network) : canonicalIpv6(bigIntToIpv6(network))
    return `${shown} has bits set beyond its /${prefix} prefix (did you mean ${suggestion}/${prefix}?)`
  }
  const canonicalAddress = version === 4 ? bigIntToIpv4(value) : canonicalIpv6(address)
  return { version, address: canonicalAddress, prefix, text: `${canonicalAddress}/${prefix}` }
}

/**
 * Whether a client address is inside one of the (canonical) ranges; an empty list allows every
 * address. Built once per cached credential: a check is then one BlockList lookup. An IPv4
 * client seen through an IPv6 socket (`::ffff:10.1.2.3`) matches IPv4 ranges.
 */
export function addressMatcher(cidrs: readonly string[]): ((ip: string) => boolean) | undefined {
  if (cidrs.length === 0) return undefined
  const list = new BlockList()
  for (const cidr of cidrs) {
    const parsed = parseCidr(cidr)
    if (typeof parsed === 'string') continue
    list.addSubnet(parsed.address, parsed.prefix, parsed.version === 4 ? 'ipv4' : 'ipv6')
  }
  return (ip) => {
    const version = isIP(ip)
    if (version === 0) return false
    return list.check(ip, version === 4 ? 'ipv4' : 'ipv6')
  }
}

function ipv4ToBigInt(address: string): bigint {
  return address.split('.').reduce((sum, part) => (sum << 8n) | BigInt(Number(part)), 0n)
}

function bigIntToIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.')
}

function ipv6ToBigInt(address: string): bigint {
  // A trailing dotted quad (::ffff:1.2.3.4) is two groups.
  let text = address.toLowerCase()
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (quad) {
    const v4 = ipv4ToBigInt(quad[1] as string)
    text = `${text.slice(0, -(quad[1] as string).length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const headGroups = head ? head.split(':') : []
  const tailGroups = tail ? tail.split(':') : []
  const missing = 8 - headGroups.length - tailGroups.length
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array(missing).fill('0'), ...tailGroups]
  return groups.reduce((sum, group) => (sum << 16n) | BigInt(Number.parseInt(group, 16)), 0n)
}

function bigIntToIpv6(value: bigint): string {
  const groups: string[] = []
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16))
  return groups.join(':')
}

/** RFC 5952's form (lowercase, longest run of zero groups as ::), as WHATWG URLs write it. */
function canonicalIpv6(address: string): string {
  return new URL(`http://[${address}]/`).hostname.slice(1, -1)
}

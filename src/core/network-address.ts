import { isIP } from 'node:net'

/**
 * Whether Gatehouse may send a webhook to an IP address: a URL given by a customer must not make
 * the server reach into its own network (SSRF). Refused: loopback, private, shared (CGNAT),
 * link-local (which holds the cloud metadata service, 169.254.169.254), unspecified, multicast,
 * reserved and documentation ranges, in IPv4 and IPv6, and every IPv6 form that carries an IPv4
 * address (IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible, NAT64 64:ff9b::/96, 6to4 2002::/16),
 * judged by the IPv4 address inside. Pure: the caller resolves names and asks about each address.
 */
export type AddressVerdict =
  | { allowed: true }
  | { allowed: false; kind: 'loopback' | 'private' | 'link-local' | 'metadata' | 'reserved' | 'invalid' }

type Refused = Extract<AddressVerdict, { allowed: false }>['kind']

/** [first address as a number, prefix length, kind] */
const IPV4_REFUSED: [string, number, Refused][] = [
  ['169.254.169.254', 32, 'metadata'],
  ['0.0.0.0', 8, 'reserved'],
  ['10.0.0.0', 8, 'private'],
  // Shared address space (CGNAT); also holds Alibaba Cloud's metadata service, 100.100.100.200.
  ['100.64.0.0', 10, 'private'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'reserved'],
  ['240.0.0.0', 4, 'reserved'],
]

export function webhookAddressVerdict(address: string): AddressVerdict {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address
  const version = isIP(bare)
  if (version === 4) return ipv4Verdict(ipv4ToNumber(bare))
  if (version === 6) return ipv6Verdict(bare)
  return { allowed: false, kind: 'invalid' }
}

function ipv4Verdict(value: number): AddressVerdict {
  for (const [first, prefix, kind] of IPV4_REFUSED) {
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0
    if ((value & mask) >>> 0 === ipv4ToNumber(first)) return { allowed: false, kind }
  }
  return { allowed: true }
}

function ipv6Verdict(address: string): AddressVerdict {
  // A zone (fe80::1%eth0) is only ever given to link-local addresses.
  if (address.includes('%')) return { allowed: false, kind: 'link-local' }
  const words = ipv6Words(address)
  if (!words) return { allowed: false, kind: 'invalid' }
  const [w0 = 0, w1 = 0, w2 = 0, w3 = 0, w4 = 0, w5 = 0, w6 = 0, w7 = 0] = words
  const embedded = ((w6 << 16) | w7) >>> 0
  const leadingZeros = w0 === 0 && w1 === 0 && w2 === 0 && w3 === 0 && w4 === 0
  if (leadingZeros && w5 === 0 && w6 === 0 && w7 <= 1) {
    return { allowed: false, kind: w7 === 1 ? 'loopback' : 'reserved' }
  }
  // ::ffff:a.b.c.d (IPv4-mapped) and ::a.b.c.d (IPv4-compatible): the IPv4 address decides.
  if (leadingZeros && (w5 === 0xffff || w5 === 0)) return ipv4Verdict(embedded)
  // ::ffff:0:a.b.c.d (IPv4-translated, SIIT).
  if (w0 === 0 && w1 === 0 && w2 === 0 && w3 === 0 && w4 === 0xffff && w5 === 0) return ipv4Verdict(embedded)
  // 64:ff9b::/96 (NAT64) and 64:ff9b:1::/48 (local NAT64).
  if (w0 === 0x64 && w1 === 0xff9b)
    return w2 === 0 ? ipv4Verdict(embedded) : { allowed: false, kind: 'private' }
  // 2002::/16 (6to4): the IPv4 address is in the second and third words.
  if (w0 === 0x2002) return ipv4Verdict(((w1 << 16) | w2) >>> 0)
  // Teredo (2001::/32) hides an IPv4 address; documentation (2001:db8::/32); ORCHID and others.
  if (w0 === 0x2001 && (w1 === 0 || w1 === 0xdb8 || (w1 & 0xfff0) === 0x10 || (w1 & 0xfff0) === 0x20))
    return { allowed: false, kind: 'reserved' }
  // AWS's IPv6 metadata service, fd00:ec2::254, is inside the unique local range below.
  if (
    w0 === 0xfd00 &&
    w1 === 0x0ec2 &&
    w7 === 0x254 &&
    w2 === 0 &&
    w3 === 0 &&
    w4 === 0 &&
    w5 === 0 &&
    w6 === 0
  )
    return { allowed: false, kind: 'metadata' }
  if ((w0 & 0xfe00) === 0xfc00) return { allowed: false, kind: 'private' }
  if ((w0 & 0xffc0) === 0xfe80) return { allowed: false, kind: 'link-local' }
  // Site-local (deprecated, fec0::/10), multicast (ff00::/8), discard (100::/64).
  if ((w0 & 0xffc0) === 0xfec0) return { allowed: false, kind: 'private' }
  if ((w0 & 0xff00) === 0xff00) return { allowed: false, kind: 'reserved' }
  if (w0 === 0x100 && w1 === 0 && w2 === 0 && w3 === 0) return { allowed: false, kind: 'reserved' }
  return { allowed: true }
}

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((value, part) => ((value << 8) | Number(part)) >>> 0, 0)
}

/** The eight 16-bit words of an IPv6 address (isIP already said it is one). */
function ipv6Words(address: string): number[] | undefined {
  let text = address.toLowerCase()
  // A trailing dotted IPv4 address stands for the last two words.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (dotted?.[1]) {
    const value = ipv4ToNumber(dotted[1])
    text = `${text.slice(0, -dotted[1].length)}${(value >>> 16).toString(16)}:${(value & 0xffff).toString(16)}`
  }
  const [head = '', tail, ...more] = text.split('::')
  if (more.length > 0) return undefined
  const parse = (part: string) =>
    part === '' ? [] : part.split(':').map((word) => Number.parseInt(word, 16))
  const before = parse(head)
  const after = tail === undefined ? [] : parse(tail)
  const missing = 8 - before.length - after.length
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined
  const words = [...before, ...Array<number>(tail === undefined ? 0 : missing).fill(0), ...after]
  return words.length === 8 && words.every((word) => Number.isInteger(word) && word >= 0 && word <= 0xffff)
    ? words
    : undefined
}

import { describe, expect, it } from 'vitest'
import { webhookAddressVerdict } from './network-address.ts'

describe('webhookAddressVerdict', () => {
  it.each([
    ['93.184.215.14', 'a public IPv4 address'],
    ['8.8.8.8', 'another'],
    ['172.32.0.1', 'just past 172.16.0.0/12'],
    ['100.128.0.1', 'just past the shared range'],
    ['2606:4700:4700::1111', 'a public IPv6 address'],
    ['2a00:1450:4007:80e::200e', 'another'],
    ['::ffff:93.184.215.14', 'a public IPv4 address, IPv4-mapped'],
    ['64:ff9b::808:808', 'a public IPv4 address through NAT64'],
    ['2002:5db8:d70e::1', 'a public IPv4 address in 6to4'],
  ])('allows %s (%s)', (address) => {
    expect(webhookAddressVerdict(address)).toEqual({ allowed: true })
  })

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['[::1]', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.100.100.200', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['fec0::1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['0.0.0.0', 'reserved'],
    ['::', 'reserved'],
    ['224.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['ff02::1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
  ])('refuses %s as %s', (address, kind) => {
    expect(webhookAddressVerdict(address)).toEqual({ allowed: false, kind })
  })

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:7f00:0001', 'loopback'],
    ['::FFFF:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['::127.0.0.1', 'loopback'],
    ['::ffff:0:192.168.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:c0a8:101::1', 'private'],
  ])('judges an IPv4 address inside IPv6 by the IPv4 address: %s is %s', (address, kind) => {
    expect(webhookAddressVerdict(address)).toEqual({ allowed: false, kind })
  })

  it.each(['localhost', 'example.com', '', '1.2.3', '256.1.1.1', '::ffff::1', '1:2:3:4:5:6:7:8:9'])(
    'refuses %j, which is not an IP address (names are resolved first)',
    (address) => {
      expect(webhookAddressVerdict(address)).toEqual({ allowed: false, kind: 'invalid' })
    },
  )
})

import type { FastifyServerOptions } from 'fastify'

/**
 * Fastify's `trustProxy` for GATEHOUSE_TRUST_PROXY (parsed in src/config.ts). `request.ip` is then
 * the address the farthest trusted proxy saw, never what the client wrote at the left of
 * X-Forwarded-For: the failed-authentication and sign-in limits key on it and the audit trail
 * records it, so a client that could choose it would dodge the limits and forge the trail.
 *
 * - `true` is one hop, the nearest proxy: Fastify's own `true` believes every entry and takes the
 *   leftmost, which the client writes itself.
 * - A hop count becomes a function: Fastify 5.12 reads a bare number as "trust nobody".
 * - Addresses and CIDR ranges go to Fastify as they are.
 */
export function trustProxyOption(
  setting: boolean | number | readonly string[],
): FastifyServerOptions['trustProxy'] {
  if (setting === false || setting === 0) return false
  const hops = setting === true ? 1 : setting
  if (typeof hops === 'number') return (_address: string, hop: number) => hop < hops
  return [...hops]
}

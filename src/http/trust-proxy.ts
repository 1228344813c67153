import type { FastifyServerOptions } from 'fastify'
import type { TrustProxy } from '../config.ts'

/**
 * Fastify's `trustProxy` for GATEHOUSE_TRUST_PROXY (parsed in src/config.ts, where `true` is one
 * hop). `request.ip` is then the address the farthest trusted proxy saw, never what the client
 * wrote at the left of X-Forwarded-For: the failed-authentication and sign-in limits key on it and
 * the audit trail records it, so a client that could choose it would dodge the limits and forge
 * the trail (Fastify's own `true` believes every entry and takes the leftmost).
 *
 * A hop count becomes a function: Fastify 5.12 reads a bare number as "trust nobody". Addresses
 * and CIDR ranges go to Fastify as they are.
 */
export function trustProxyOption(setting: TrustProxy): FastifyServerOptions['trustProxy'] {
  if (setting === false || setting === 0) return false
  if (typeof setting === 'number') return (_address: string, hop: number) => hop < setting
  return [...setting]
}

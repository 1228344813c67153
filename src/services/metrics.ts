import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import type { Store } from '../store/database.ts'
import type { AuthCache } from './auth-cache.ts'

/** How an authentication ended: the labels of gatehouse_authentications_total, a closed set. */
export const AUTH_OUTCOMES = [
  'ok',
  'unknown',
  'expired',
  'revoked',
  'refused_address',
  'rate_limited',
] as const
export type AuthOutcome = (typeof AUTH_OUTCOMES)[number]
export type AuthScheme = 'token' | 'bearer' | 'cookie' | 'other'

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

/**
 * Gatehouse's Prometheus metrics, in a registry of its own (several Gatehouses may share a test
 * process). Every label takes its values from a closed set (route patterns, never a URL; a
 * method, a status class, a scheme, an outcome), so no request can add a series.
 */
export class Metrics {
  readonly registry = new Registry()
  readonly #requestDuration: Histogram<'method' | 'route' | 'status_class'>
  /** Children of the histogram by label values: a Map lookup instead of prom-client's hashing. */
  readonly #requestChildren = new Map<string, { observe(value: number): void }>()
  readonly #authentications: Counter<'scheme' | 'outcome'>
  readonly #published: Counter
  readonly #received: Counter
  readonly #acknowledgementWait: Histogram<'outcome'>
  readonly #webhookDeliveries: Counter<'outcome'>
  readonly #webhookDuration: Histogram

  constructor(deps: { authCache: AuthCache; store: Store }) {
    const registers = [this.registry]
    collectDefaultMetrics({ register: this.registry })
    this.#requestDuration = new Histogram({
      name: 'gatehouse_http_request_duration_seconds',
      help: 'Time to answer a request, by route pattern (never the URL) and status class',
      labelNames: ['method', 'route', 'status_class'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    })
    this.#authentications = new Counter({
      name: 'gatehouse_authentications_total',
      help: 'Credentials presented, by scheme (token, bearer, cookie) and outcome',
      labelNames: ['scheme', 'outcome'],
      registers,
    })
    const { authCache, store } = deps
    new Gauge({
      name: 'gatehouse_auth_cache_entries',
      help: 'Credentials held in this process’s authentication cache',
      registers,
      collect() {
        this.set(authCache.size)
      },
    })
    counterOf(
      registers,
      'gatehouse_auth_cache_hits_total',
      'Authentications served from the cache',
      () => authCache.hits,
    )
    counterOf(
      registers,
      'gatehouse_auth_cache_misses_total',
      'Authentications looked up in the database',
      () => authCache.misses,
    )
    this.#published = new Counter({
      name: 'gatehouse_invalidations_published_total',
      help: 'Invalidation messages this process sent to every process (revocations)',
      registers,
    })
    this.#received = new Counter({
      name: 'gatehouse_invalidations_received_total',
      help: 'Invalidation messages this process received and applied',
      registers,
    })
    this.#acknowledgementWait = new Histogram({
      name: 'gatehouse_invalidation_acknowledgement_wait_seconds',
      help: 'How long a revocation waited for every process to confirm it (outcome: all confirmed, or timeout)',
      labelNames: ['outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.65, 1],
      registers,
    })
    if (store.poolStatistics) {
      const statistics = store.poolStatistics
      new Gauge({
        name: 'gatehouse_database_pool_connections_in_use',
        help: 'PostgreSQL connections of this process running a query or a transaction',
        registers,
        collect() {
          const { total, idle } = statistics()
          this.set(total - idle)
        },
      })
      new Gauge({
        name: 'gatehouse_database_pool_waiting',
        help: 'Queries of this process waiting for a free PostgreSQL connection',
        registers,
        collect() {
          this.set(statistics().waiting)
        },
      })
    }
    this.#webhookDeliveries = new Counter({
      name: 'gatehouse_webhook_deliveries_total',
      help: 'Webhook delivery attempts, by outcome (delivered, retrying, failed for good)',
      labelNames: ['outcome'],
      registers,
    })
    this.#webhookDuration = new Histogram({
      name: 'gatehouse_webhook_delivery_duration_seconds',
      help: 'Time a receiver took to answer a delivery attempt',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    })
  }

  /** `route` is the route's pattern (/organization/:organizationId), or undefined for no route. */
  observeRequest(method: string, route: string | undefined, statusCode: number, seconds: number): void {
    const statusClass = statusCode >= 100 && statusCode < 600 ? `${Math.floor(statusCode / 100)}xx` : 'other'
    const knownMethod = METHODS.has(method) ? method : 'OTHER'
    const pattern = route ?? 'unmatched'
    const key = `${knownMethod} ${pattern} ${statusClass}`
    let child = this.#requestChildren.get(key)
    if (!child) {
      child = this.#requestDuration.labels(knownMethod, pattern, statusClass)
      this.#requestChildren.set(key, child)
    }
    child.observe(seconds)
  }

  authentication(scheme: AuthScheme, outcome: AuthOutcome): void {
    this.#authentications.inc({ scheme, outcome })
  }

  invalidationPublished(): void {
    this.#published.inc()
  }

  invalidationReceived(): void {
    this.#received.inc()
  }

  acknowledgementWaited(seconds: number, allConfirmed: boolean): void {
    this.#acknowledgementWait.observe({ outcome: allConfirmed ? 'confirmed' : 'timeout' }, seconds)
  }

  delivered(outcome: 'delivered' | 'retrying' | 'failed', durationMs: number): void {
    this.#webhookDeliveries.inc({ outcome })
    this.#webhookDuration.observe(durationMs / 1000)
  }
}

/** A counter whose total lives elsewhere (a plain number on a hot path), read at each scrape. */
function counterOf(registers: Registry[], name: string, help: string, read: () => number): void {
  let reported = 0
  new Counter({
    name,
    help,
    registers,
    collect() {
      const total = read()
      if (total > reported) this.inc(total - reported)
      reported = total
    },
  })
}

/**
 * GATEHOUSE_METRICS_PORT: a listener of its own, on loopback only, that answers GET /metrics
 * and nothing else, without a token (whoever can reach 127.0.0.1 is trusted with them: a
 * Prometheus agent on the same host or pod). Port 0 picks a free port (tests).
 */
export async function listenForScrapes(
  metrics: Metrics,
  port: number,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0]
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: metrics are at /metrics\n')
      return
    }
    metrics.registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => response.writeHead(500).end(),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ host: '127.0.0.1', port }, () => resolve())
  })
  const { port: bound } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${bound}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

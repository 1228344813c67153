import { randomBytes } from 'node:crypto'
import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format'
import { expect, it } from 'vitest'
import { generateToken } from '../../src/core/token.ts'
import type { Metrics } from '../../src/services/metrics.ts'
import { call, createApiToken, createOrganization, expectProblem, signUpAndLogIn } from '../support/api.ts'
import { describeEachDatabase, type TestGatehouse } from '../support/harness.ts'

const METRICS_TOKEN = 'metrics-token-for-the-tests-0123456789'

/**
 * The Prometheus metrics, scraped and read with parse-prometheus-text-format: a parser written
 * apart from prom-client (a port of the Python client's), so the text is checked by a reader other
 * than its writer, as Prometheus itself would read it.
 */
async function scrapeText(gatehouse: TestGatehouse): Promise<string> {
  const res = await call(gatehouse, 'GET', '/metrics', {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  })
  expect(res.status).toBe(200)
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
  return res.text
}

const family = (families: PrometheusFamily[], name: string) => families.find((f) => f.name === name)

/** Every series: each sample line of the text (a histogram's buckets, sum and count included). */
const seriesCount = (text: string) => text.split('\n').filter((line) => line && !line.startsWith('#')).length

describeEachDatabase('GET /metrics, off by default', (gatehouse) => {
  it('is not served at all unless the operator sets GATEHOUSE_METRICS_TOKEN or _PORT', async () => {
    const res = await call(gatehouse(), 'GET', '/metrics', {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    })
    expectProblem(res, 404)
  })
})

describeEachDatabase(
  'GET /metrics with GATEHOUSE_METRICS_TOKEN',
  (gatehouse) => {
    it('refuses a missing or wrong token with 401, counted as a failed authentication', async () => {
      const missing = await call(gatehouse(), 'GET', '/metrics')
      expectProblem(missing, 401)
      expect(missing.headers['www-authenticate']).toBe('Bearer')
      const wrong = await call(gatehouse(), 'GET', '/metrics', {
        headers: { authorization: `Bearer ${METRICS_TOKEN.replace('0', '1')}` },
      })
      expectProblem(wrong, 401)
      expect(wrong.text).not.toContain(METRICS_TOKEN)
      const asSession = await call(gatehouse(), 'GET', '/metrics', {
        as: (await signUpAndLogIn(gatehouse())).as,
      })
      expectProblem(asSession, 401)
    })

    it('answers the Prometheus text format with requests, authentications, the auth cache, invalidations, the pool and the process', async () => {
      const owner = await signUpAndLogIn(gatehouse())
      const org = await createOrganization(gatehouse(), owner)
      const token = await createApiToken(gatehouse(), org, 'viewer')
      for (let i = 0; i < 3; i++)
        expect((await call(gatehouse(), 'GET', '/auth/whoami', { as: token.as })).status).toBe(200)
      await call(gatehouse(), 'GET', '/auth/whoami', { as: { token: generateToken('api_token') } })
      expect(
        (await call(gatehouse(), 'DELETE', `/organization/${org.id}/apiToken/${token.id}`, { as: owner.as }))
          .status,
      ).toBe(204)

      const text = await scrapeText(gatehouse())
      const families = parsePrometheusTextFormat(text)
      const duration = family(families, 'gatehouse_http_request_duration_seconds')
      expect(duration?.type).toBe('HISTOGRAM')
      // The parser groups a histogram's lines by their whole label set, which differs from bucket
      // to bucket once there are labels beside le: the values are read from the same registry.
      const json = await (gatehouse().deps.metrics as Metrics).registry.getMetricsAsJSON()
      const samples = (json.find((m) => m.name === 'gatehouse_http_request_duration_seconds')?.values ??
        []) as { metricName?: string; labels: Record<string, string | number>; value: number }[]
      const whoamiCount = samples.find(
        (v) =>
          v.metricName === 'gatehouse_http_request_duration_seconds_count' &&
          v.labels.route === '/api/auth/whoami' &&
          v.labels.status_class === '2xx' &&
          v.labels.method === 'GET',
      )
      expect(whoamiCount?.value).toBeGreaterThanOrEqual(3)
      // The route's pattern, never the URL with its ids; in the text as in the registry.
      const routes = samples.map((v) => String(v.labels.route))
      expect(routes).toContain('/api/organization/:organizationId/apiToken/:apiTokenId')
      expect(routes.join(' ')).not.toContain(org.id)
      expect(text).toContain('route="/api/organization/:organizationId/apiToken/:apiTokenId"')
      expect(text).not.toContain(org.id)

      const auth = family(families, 'gatehouse_authentications_total')
      expect(auth?.type).toBe('COUNTER')
      const count = (scheme: string, outcome: string) =>
        Number(
          auth?.metrics.find((m) => m.labels?.scheme === scheme && m.labels.outcome === outcome)?.value ?? 0,
        )
      expect(count('token', 'ok')).toBeGreaterThanOrEqual(3)
      expect(count('token', 'unknown')).toBeGreaterThanOrEqual(1)
      expect(count('bearer', 'ok')).toBeGreaterThanOrEqual(1)

      expect(family(families, 'gatehouse_auth_cache_entries')?.type).toBe('GAUGE')
      expect(Number(family(families, 'gatehouse_auth_cache_hits_total')?.metrics[0]?.value)).toBeGreaterThan(
        0,
      )
      expect(
        Number(family(families, 'gatehouse_auth_cache_misses_total')?.metrics[0]?.value),
      ).toBeGreaterThan(0)
      expect(
        Number(family(families, 'gatehouse_invalidations_published_total')?.metrics[0]?.value),
      ).toBeGreaterThan(0)
      // Received through PostgreSQL by every process (this one included) before the revocation was
      // answered; the embedded database's one process applies its own changes as it commits.
      if (gatehouse().driver === 'postgres')
        expect(
          Number(family(families, 'gatehouse_invalidations_received_total')?.metrics[0]?.value),
        ).toBeGreaterThan(0)
      const wait = family(families, 'gatehouse_invalidation_acknowledgement_wait_seconds')
      expect(wait?.type).toBe('HISTOGRAM')
      const waits = (json.find((m) => m.name === 'gatehouse_invalidation_acknowledgement_wait_seconds')
        ?.values ?? []) as { metricName?: string; labels: Record<string, string | number>; value: number }[]
      const confirmed = waits.find(
        (v) => v.metricName?.endsWith('_count') && v.labels.outcome === 'confirmed',
      )
      expect(confirmed?.value).toBeGreaterThan(0)
      if (gatehouse().driver === 'postgres') {
        expect(family(families, 'gatehouse_database_pool_connections_in_use')?.type).toBe('GAUGE')
        expect(family(families, 'gatehouse_database_pool_waiting')?.metrics[0]?.value).toBe('0')
      }
      expect(Number(family(families, 'process_cpu_seconds_total')?.metrics[0]?.value)).toBeGreaterThan(0)
      expect(Number(family(families, 'process_resident_memory_bytes')?.metrics[0]?.value)).toBeGreaterThan(0)
      expect(family(families, 'nodejs_eventloop_lag_seconds')).toBeDefined()
    })

    it('keeps the number of series flat under 1,000 random paths and tokens', async () => {
      const randomRequests = async (count: number) => {
        for (let i = 0; i < count; i++) {
          const noise = randomBytes(12).toString('hex')
          await call(gatehouse(), 'GET', `/${noise}/${i}`)
          await call(gatehouse(), 'GET', `/organization/${noise}`, {
            as: { token: generateToken('api_token') },
          })
          await call(gatehouse(), 'GET', '/auth/whoami', {
            headers: { authorization: `Token gtok_${noise}` },
          })
        }
      }
      // The families these requests drive; the others move with what runs in the background
      // (a revocation's acknowledgement timing out on a loaded machine, a webhook delivery).
      const driven = (text: string) =>
        seriesCount(
          text
            .split('\n')
            .filter((line) => /^gatehouse_(http_request_duration_seconds|authentications_total)/.test(line))
            .join('\n'),
        )
      await randomRequests(20)
      const first = await scrapeText(gatehouse())
      const before = driven(first)
      expect(before).toBeGreaterThan(10)
      await randomRequests(1000)
      const text = await scrapeText(gatehouse())
      expect(driven(text)).toBe(before)
      // Everything else stays within its own small, fixed label sets.
      expect(seriesCount(text)).toBeLessThan(seriesCount(first) + 60)
      const families = parsePrometheusTextFormat(text)
      const labelValues = families.flatMap((f) => f.metrics.flatMap((m) => Object.values(m.labels ?? {})))
      expect(labelValues.filter((value) => /[0-9a-f]{24}|gtok_/.test(value))).toEqual([])
    }, 120_000)
  },
  { GATEHOUSE_METRICS_TOKEN: METRICS_TOKEN },
)

describeEachDatabase(
  'GATEHOUSE_METRICS_PORT: a loopback listener without a token',
  (gatehouse) => {
    it('serves /metrics on 127.0.0.1 only, and nothing else; /api/metrics stays off', async () => {
      const url = gatehouse().metricsUrl as string
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/)
      const res = await fetch(url)
      expect(res.status).toBe(200)
      const families = parsePrometheusTextFormat(await res.text())
      expect(family(families, 'gatehouse_authentications_total')).toBeDefined()
      expect((await fetch(url.replace('/metrics', '/api/healthz'))).status).toBe(404)
      expectProblem(await call(gatehouse(), 'GET', '/metrics'), 404)
    })
  },
  { GATEHOUSE_METRICS_PORT: '0' },
)

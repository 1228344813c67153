import { timingSafeEqual } from 'node:crypto'
import type { Metrics } from '../services/metrics.ts'
import { sendProblem } from './plugins/problems.ts'
import type { App } from './types.ts'

/**
 * GET /api/metrics, in the Prometheus text format, for whoever sends `Authorization: Bearer
 * <GATEHOUSE_METRICS_TOKEN>`. Outside the contract, like openapi.json: it answers text, and its
 * credential is the operator's, not a user's or an API token's. A wrong token is a failed
 * authentication (counted towards the address's limit, answered 401 like any other).
 */
export function registerMetricsRoute(app: App, metrics: Metrics, token: string): void {
  const expected = Buffer.from(`Bearer ${token}`)
  app.get('/metrics', { config: { auth: 'none' } }, async (request, reply) => {
    const nowMs = app.deps.now().getTime()
    const retryAfterSeconds = app.authLimiter.blockedFor(request.ip, nowMs)
    if (retryAfterSeconds !== undefined)
      return sendProblem(
        reply,
        'rate_limited',
        'Too many failed authentications from this address; retry later.',
        {
          retryAfterSeconds,
        },
      )
    const given = Buffer.from(request.headers.authorization ?? '')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      if (request.headers.authorization !== undefined) {
        app.authLimiter.recordFailure(request.ip, nowMs)
        await app.authLimiter.countShared(request.ip, nowMs)
      }
      reply.header('www-authenticate', 'Bearer')
      return sendProblem(
        reply,
        'unauthenticated',
        'The metrics need Authorization: Bearer with the value of GATEHOUSE_METRICS_TOKEN.',
      )
    }
    const text = await metrics.registry.metrics()
    return reply.type(metrics.registry.contentType).send(text)
  })
}

import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { expect, it } from 'vitest'
import { call, expectProblem } from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'
import type { Database } from '../../../store/schema.ts'

describeEachDatabase('GET /readyz: errors', (gatehouse) => {
  it('answers 503 while the database cannot be reached, and 200 again once it can', async () => {
    const deps = gatehouse().deps
    const realStore = deps.store
    // Port 1 on localhost refuses connections at once: a database that is down.
    const pool = new pg.Pool({
      connectionString: 'postgres://nobody@127.0.0.1:1/none',
      connectionTimeoutMillis: 2000,
    })
    pool.on('error', () => {})
    const unreachable = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    deps.store = { ...realStore, db: unreachable }
    try {
      const res = await call(gatehouse(), 'GET', '/readyz')
      expectProblem(res, 503)
      expect(res.body.reason).toBe('not_ready')
      // A load balancer or a person is told when to look again.
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
      expect(res.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1:1/)
    } finally {
      deps.store = realStore
      await unreachable.destroy()
    }
    expect((await call(gatehouse(), 'GET', '/readyz')).status).toBe(200)
  })
})

describeEachDatabase(
  'GET /readyz: errors while stopping',
  (gatehouse) => {
    it('answers 503 not_ready saying the process is shutting down, once shutdown has begun', async () => {
      expect((await call(gatehouse(), 'GET', '/readyz')).status).toBe(200)
      gatehouse().deps.shutdown.begin()
      const res = await call(gatehouse(), 'GET', '/readyz')
      expectProblem(res, 503)
      expect(res.body.reason).toBe('not_ready')
      expect(res.body.detail).toMatch(/shutting down/)
      // Requests still in flight are served meanwhile: stopping is not refusing.
      expect((await call(gatehouse(), 'GET', '/healthz')).status).toBe(200)
    })
  },
  // A Gatehouse of its own: this one is told to stop.
  { GATEHOUSE_PURGE_INTERVAL_SECONDS: '600' },
)

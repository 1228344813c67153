import { expect, it } from 'vitest'
import { call } from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase(
  'GET /healthz: security',
  (gatehouse) => {
    it('answers with the security headers and no-store, and names no software version', async () => {
      const res = await call(gatehouse(), 'GET', '/healthz')
      expect(res.headers['content-security-policy']).toContain("default-src 'self'")
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['referrer-policy']).toBe('no-referrer')
      expect(res.headers['cache-control']).toBe('no-store')
      expect(res.headers['x-powered-by']).toBeUndefined()
      expect(res.headers.server).toBeUndefined()
    })

    it('does not count bad credentials sent to it as failed authentications', async () => {
      // The limit is 2: if health probes with a stale header counted, the third would be refused.
      for (let i = 0; i < 5; i++) {
        const res = await call(gatehouse(), 'GET', '/healthz', { headers: { authorization: 'Token stale' } })
        expect(res.status).toBe(200)
      }
      expect((await call(gatehouse(), 'GET', '/auth/whoami')).status).toBe(401)
    })
  },
  { GATEHOUSE_AUTH_FAILURE_LIMIT: '2' },
)

import { expect, it } from 'vitest'
import { call, createApiToken, createOrganization, signUpAndLogIn } from '../support/api.ts'
import { describeEachDatabase, type TestGatehouse } from '../support/harness.ts'

/**
 * The filter of issued digests (auth-cache.ts) refuses unknown tokens without a lookup: it must
 * know a rotation's new value at once, and, when it is loaded afresh (a new process, or after a
 * gap in the messages), the old value still in its grace period.
 */
describeEachDatabase(
  'rotation and the filter of issued digests',
  (gatehouse) => {
    it('accepts the new value at once, and the old one in its grace period after the filter is loaded again', async () => {
      const gh = gatehouse()
      if (gh.driver !== 'pglite') return // PostgreSQL's own pings would renew the lease at once
      await filterLoaded(gh)
      const owner = await signUpAndLogIn(gh)
      const org = await createOrganization(gh, owner)
      const token = await createApiToken(gh, org, 'viewer')
      const rotated = await call(gh, 'POST', `/organization/${org.id}/apiToken/${token.id}/rotate`, {
        as: owner.as,
        body: { grace_period_seconds: 3600 },
      })
      expect(rotated.status).toBe(201)
      const fresh = { token: rotated.body.token as string }
      expect((await call(gh, 'GET', '/auth/whoami', { as: fresh })).status).toBe(200)
      // As a process starting now would: an empty cache and a filter read from the database.
      gh.deps.authCache.distrust()
      gh.deps.authCache.trustUntil(Number.POSITIVE_INFINITY)
      await filterLoaded(gh)
      for (const as of [token.as, fresh])
        expect((await call(gh, 'GET', '/auth/whoami', { as })).status).toBe(200)
    })
  },
  // A Gatehouse of its own: the test interrupts its lease.
  { GATEHOUSE_AUTH_CACHE_TTL_SECONDS: '300' },
)

async function filterLoaded(gatehouse: TestGatehouse): Promise<void> {
  const deadline = Date.now() + 10_000
  while (!gatehouse.deps.authCache.filtering) {
    if (Date.now() > deadline) throw new Error('the filter of issued digests was not loaded within 10 s')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

import type { Kysely, KyselyPlugin } from 'kysely'
import { expect, it } from 'vitest'
import { generateToken } from '../../src/core/token.ts'
import type { Database } from '../../src/store/schema.ts'
import { call, createApiToken, createOrganization, expectProblem, signUpAndLogIn } from '../support/api.ts'
import { describeEachDatabase, type TestGatehouse } from '../support/harness.ts'

/**
 * A well-formed token that was never issued (its checksum costs an attacker nothing) is refused
 * without a database round trip, from the filter of issued digests; a token just issued, or one
 * deleted, is still told apart correctly; and when the cache's lease does not hold, neither does
 * the filter.
 */
describeEachDatabase(
  'Tokens that were never issued',
  (gatehouse) => {
    it('are refused without a single SQL statement, while issued tokens still work', async () => {
      await filterLoaded(gatehouse())
      // Under a lease that cannot lapse: on a loaded machine a PostgreSQL ping can come back later
      // than the lease, and then the filter is rightly not used (the next test is about that).
      gatehouse().deps.authCache.trustUntil(Number.POSITIVE_INFINITY)
      const owner = await signUpAndLogIn(gatehouse())
      const org = await createOrganization(gatehouse(), owner)
      const { statements, answers } = await recordingQueries(gatehouse(), async () => {
        const answers = []
        for (let i = 0; i < 50; i++)
          answers.push(
            await call(gatehouse(), 'GET', '/auth/whoami', { as: { token: generateToken('api_token') } }),
          )
        return answers
      })
      for (const answer of answers) {
        expectProblem(answer, 401)
        expect(answer.body.reason).toBe('unauthenticated')
      }
      expect(statements).toEqual([])
      // Issued a moment ago: known at once.
      const fresh = await createApiToken(gatehouse(), org, 'viewer')
      const whoami = await call(gatehouse(), 'GET', '/auth/whoami', { as: fresh.as })
      expect(whoami.status).toBe(200)
      expect(whoami.body.api_token.id).toBe(fresh.id)
      // Deleted: its digest stays in the filter, and the database says no.
      const deleted = await call(gatehouse(), 'DELETE', `/organization/${org.id}/apiToken/${fresh.id}`, {
        as: owner.as,
      })
      expect(deleted.status).toBe(204)
      expectProblem(await call(gatehouse(), 'GET', '/auth/whoami', { as: fresh.as }), 401)
    })

    it('are looked up in the database when the cache is not trusted (messages may have been lost)', async () => {
      if (gatehouse().driver !== 'pglite') return // PostgreSQL's own pings would renew the lease at once
      await filterLoaded(gatehouse())
      const cache = gatehouse().deps.authCache
      cache.distrust()
      try {
        const { statements, answers } = await recordingQueries(gatehouse(), async () => [
          await call(gatehouse(), 'GET', '/auth/whoami', { as: { token: generateToken('api_token') } }),
        ])
        expectProblem(answers[0] as Awaited<ReturnType<typeof call>>, 401)
        expect(statements.some((sql) => sql.includes('"api_tokens"'))).toBe(true)
      } finally {
        // What the embedded database's bus grants: a lease that never ends.
        cache.trustUntil(Number.POSITIVE_INFINITY)
      }
      await filterLoaded(gatehouse())
    })
  },
  // A Gatehouse of its own: the test swaps its database handle and interrupts its lease.
  { GATEHOUSE_AUTH_CACHE_TTL_SECONDS: '300' },
)

async function filterLoaded(gatehouse: TestGatehouse): Promise<void> {
  const deadline = Date.now() + 10_000
  while (!gatehouse.deps.authCache.filtering) {
    if (Date.now() > deadline) throw new Error('the filter of issued digests was not loaded within 10 s')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Runs `requests` with every SQL statement the server runs recorded (text only). */
async function recordingQueries<T>(
  gatehouse: TestGatehouse,
  requests: () => Promise<T>,
): Promise<{ answers: T; statements: string[] }> {
  const db: Kysely<Database> = gatehouse.deps.db
  const statements: string[] = []
  const recorder: KyselyPlugin = {
    transformQuery({ node, queryId }) {
      statements.push(db.getExecutor().compileQuery(node, queryId).sql)
      return node
    },
    transformResult: async ({ result }) => result,
  }
  gatehouse.deps.db = db.withPlugin(recorder)
  try {
    return { answers: await requests(), statements }
  } finally {
    gatehouse.deps.db = db
  }
}

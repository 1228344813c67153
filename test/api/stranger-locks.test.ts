import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  addMember,
  call,
  createOrganization,
  signUpAndLogIn,
  type TestUser,
  uniqueSuffix,
} from '../support/api.ts'
import { startTestGatehouse, type TestGatehouse } from '../support/harness.ts'

const postgres = Boolean(process.env.GATEHOUSE_TEST_DATABASE_URL)
if (!postgres)
  console.warn('stranger-locks.test.ts: skipped, GATEHOUSE_TEST_DATABASE_URL is not set (CI sets it)')

/**
 * A write locks its organization's row only for a caller who belongs to the organization: a
 * stranger's write holds nothing, so it can neither wait on nor delay the organization's own
 * changes. Seen on PostgreSQL, where another connection can hold the row: while it is locked for
 * update (a member being changed), a stranger's token creation is refused at once, and a
 * member's waits for the lock.
 */
describe.skipIf(!postgres)('organization row locks and strangers (PostgreSQL)', () => {
  let gh: TestGatehouse
  let client: pg.Client
  beforeAll(async () => {
    gh = await startTestGatehouse('postgres')
    client = new pg.Client({ connectionString: gh.location })
    await client.connect()
  }, 60_000)
  afterAll(async () => {
    await client?.end()
    await gh?.close()
  })

  it("refuses a stranger's write without waiting for a lock the organization's own change holds", async () => {
    const owner = await signUpAndLogIn(gh, 'Lock Owner')
    const org = await createOrganization(gh, owner)
    const admin = await addMember(gh, org, 'admin')
    const stranger = await signUpAndLogIn(gh, 'Stranger')
    const create = (as: TestUser['as']) =>
      call(gh, 'POST', `/organization/${org.id}/apiToken`, {
        as,
        body: { name: `t-${uniqueSuffix()}`, role_id: null },
      })

    await client.query('begin')
    try {
      await client.query('select id from organizations where id = $1 for update', [org.id])
      const started = performance.now()
      const refused = await create(stranger.as)
      expect(refused.status, refused.text).toBe(404)
      // Answered while the row is still held: it never queued behind the lock.
      expect(performance.now() - started).toBeLessThan(2000)
      expect(await waiters()).toBe(0)

      let settled = false
      const pending = create(admin.as).finally(() => {
        settled = true
      })
      const deadline = Date.now() + 5000
      while ((await waiters()) === 0 && Date.now() < deadline && !settled) await sleep(10)
      expect(settled).toBe(false)
      expect(await waiters()).toBe(1)
      await client.query('commit')
      expect((await pending).status).toBe(201)
    } finally {
      await client.query('rollback').catch(() => {})
    }
  })

  /** Backends of this database waiting on a lock, other than this test's own. */
  async function waiters(): Promise<number> {
    // pg_stat_activity is read from a snapshot taken once per transaction: cleared first, so that
    // a backend that connected since the last read is seen.
    await client.query('select pg_stat_clear_snapshot()')
    const { rows } = await client.query<{ waiting: number }>(
      `select count(*)::int as waiting from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
    )
    return rows[0]?.waiting ?? 0
  }
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOrganization, signUpAndLogIn } from '../../test/support/api.ts'
import {
  describeEachDatabase,
  drivers,
  startTestGatehouse,
  type TestGatehouse,
} from '../../test/support/harness.ts'
import { IssuedDigestsLoad } from './auth-cache.ts'
import type { DigestFilter } from './digest-filter.ts'
import { digestsToExpect, loadIssuedDigests } from './issued-digests.ts'

const quiet = { info: () => {}, debug: () => {} }

describeEachDatabase('loading the filter of issued digests', (gatehouse) => {
  it('reads every digest in chunks and lets the event loop run between them (the embedded database answers on this thread)', async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const org = await createOrganization(gh, owner)
    // 25,000 tokens: three chunks of the loader's 10,000.
    await sql`insert into api_tokens (organization_id, name, description, role_id, token_digest, creator_type, creator_id, creator_name)
      select ${org.id}::uuid, 'bulk-' || g, '', ${org.roles.viewer}::uuid, sha256(convert_to(${org.id}::text || g::text, 'UTF8')),
             'user', ${owner.id}::uuid, 'Bulk'
        from generate_series(1, 25000) as g`.execute(gh.deps.db)
    // Every token's digest, and the replaced one of each rotation still in its grace period.
    const total = Number(
      (
        await sql<{ n: string }>`select count(*) + count(previous_token_digest) as n from api_tokens`.execute(
          gh.deps.db,
        )
      ).rows[0]?.n,
    )

    let handedOver: DigestFilter | undefined
    const load = new IssuedDigestsLoad(
      (filter) => {
        handedOver = filter
        return true
      },
      () => {},
    )
    // What else the process has to do meanwhile (accept connections, answer healthz): a turn of
    // the event loop each time it is let through.
    let turns = 0
    let ticking = true
    const tick = () => {
      turns++
      if (ticking) setImmediate(tick)
    }
    setImmediate(tick)
    const loaded = await loadIssuedDigests(gh.deps.db, load, quiet, () => false)
    ticking = false
    expect(loaded?.digests).toBe(total)
    expect(handedOver).toBeDefined()
    // At least one turn per chunk: without the pause between chunks, none on the embedded database.
    expect(turns).toBeGreaterThanOrEqual(Math.ceil(total / 10_000))
    const some = await sql<{ digest: string }>`select encode(token_digest, 'hex') as digest from api_tokens
      where organization_id = ${org.id} order by name limit 3`.execute(gh.deps.db)
    for (const { digest } of some.rows) expect(handedOver?.mayContain(digest)).toBe(true)
  }, 60_000)
})

/** Sizing the filter: on a database of its own, whose api_tokens no other test file has filled
 *  or analyzed (the shared one may have statistics already). */
describe.each(drivers)('sizing the filter of issued digests (%s)', (driver) => {
  let gh: TestGatehouse | undefined
  const own = () => gh as TestGatehouse
  beforeAll(async () => {
    gh = await startTestGatehouse(driver)
    // PostgreSQL's autovacuum would analyze the table at a moment of its own choosing.
    await sql`alter table api_tokens set (autovacuum_enabled = false)`.execute(own().deps.db)
  })
  afterAll(() => gh?.close())

  it('counts the digests of a table without statistics', async () => {
    const owner = await signUpAndLogIn(own())
    const org = await createOrganization(own(), owner)
    await sql`insert into api_tokens (organization_id, name, description, role_id, token_digest, creator_type, creator_id, creator_name)
      select ${org.id}::uuid, 'bulk-' || g, '', ${org.roles.viewer}::uuid, sha256(convert_to(${org.id}::text || g::text, 'UTF8')),
             'user', ${owner.id}::uuid, 'Bulk'
        from generate_series(1, 5000) as g`.execute(own().deps.db)
    const { rows } = await sql<{
      n: string
    }>`select count(*) + count(previous_token_digest) as n from api_tokens`.execute(own().deps.db)
    expect(await digestsToExpect(own().deps.db)).toBe(Number(rows[0]?.n))
  })

  it('sizes the filter from the planner once the table has statistics, without a scan, and follows its growth', async () => {
    const gh = own()
    const owner = await signUpAndLogIn(gh)
    const org = await createOrganization(gh, owner)
    const insert = (from: number, to: number) =>
      sql`insert into api_tokens (organization_id, name, description, role_id, token_digest, creator_type, creator_id, creator_name)
        select ${org.id}::uuid, 'grown-' || g, '', ${org.roles.viewer}::uuid, sha256(convert_to('grown' || ${org.id}::text || g::text, 'UTF8')),
               'user', ${owner.id}::uuid, 'Bulk'
          from generate_series(${from}::int, ${to}::int) as g`.execute(gh.deps.db)
    const count = async () =>
      Number((await sql<{ n: string }>`select count(*) as n from api_tokens`.execute(gh.deps.db)).rows[0]?.n)
    await insert(1, 10_000)
    await sql`analyze api_tokens`.execute(gh.deps.db)
    // Three times as many rows since the statistics were taken.
    await insert(10_001, 30_000)
    const total = await count()
    const estimate = await digestsToExpect(gh.deps.db)
    // Not the statistics' 10,000: the planner scales them to the table's size now.
    expect(estimate).toBeGreaterThanOrEqual(total * 0.8)
    expect(estimate).toBeLessThanOrEqual(total * 1.25)
  }, 60_000)
})

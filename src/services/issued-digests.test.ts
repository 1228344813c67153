import { sql } from 'kysely'
import { expect, it } from 'vitest'
import { createOrganization, signUpAndLogIn } from '../../test/support/api.ts'
import { describeEachDatabase } from '../../test/support/harness.ts'
import { IssuedDigestsLoad } from './auth-cache.ts'
import type { DigestFilter } from './digest-filter.ts'
import { loadIssuedDigests } from './issued-digests.ts'

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

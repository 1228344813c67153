import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PURGE_BATCH_SIZE, purgeExpired } from '../../src/services/housekeeping.ts'
import { createOrganization, signUpAndLogIn, type TestOrganization, type TestUser } from '../support/api.ts'
import { drivers, startTestGatehouse, type TestGatehouse } from '../support/harness.ts'

const DAY = 24 * 3600 * 1000
const daysAgo = (days: number) => new Date(Date.now() - days * DAY)

async function addSessions(gh: TestGatehouse, user: TestUser, expiresAt: Date, count: number) {
  const rows = Array.from({ length: count }, () => ({
    user_id: user.id,
    token_digest: randomBytes(32),
    expires_at: expiresAt,
  }))
  for (let at = 0; at < rows.length; at += 500)
    await gh.deps.db
      .insertInto('sessions')
      .values(rows.slice(at, at + 500))
      .execute()
}

async function addInvitation(
  gh: TestGatehouse,
  org: TestOrganization,
  label: string,
  row: { status: 'PENDING' | 'ACCEPTED' | 'EXPIRED'; created_at: Date; accepted_at?: Date },
) {
  await gh.deps.db
    .insertInto('invitations')
    .values({
      organization_id: org.id,
      email: `${label}-${randomBytes(3).toString('hex')}@example.test`,
      role_id: org.roles.viewer,
      inviter_name: label,
      ...row,
    })
    .execute()
}

async function sessionCount(gh: TestGatehouse, user: TestUser) {
  const rows = await gh.deps.db
    .selectFrom('sessions')
    .select('expires_at')
    .where('user_id', '=', user.id)
    .execute()
  return { total: rows.length, live: rows.filter((row) => new Date(row.expires_at) > new Date()).length }
}

async function invitationLabels(gh: TestGatehouse, org: TestOrganization) {
  const rows = await gh.deps.db
    .selectFrom('invitations')
    .select('inviter_name')
    .where('organization_id', '=', org.id)
    .orderBy('inviter_name')
    .execute()
  return rows.map((row) => row.inviter_name)
}

for (const driver of drivers) {
  describe(`purging expired sessions and finished invitations [${driver}]`, () => {
    let gh: TestGatehouse
    beforeAll(async () => {
      // The schedule is far away: this suite calls the purge itself.
      gh = await startTestGatehouse(driver, { GATEHOUSE_PURGE_INTERVAL_SECONDS: '86400' })
    })
    afterAll(async () => gh?.close())

    it('deletes expired sessions and invitations finished over 30 days ago, and keeps the rest', async () => {
      const user = await signUpAndLogIn(gh)
      const org = await createOrganization(gh, user)
      await addSessions(gh, user, daysAgo(1), 3)
      await addInvitation(gh, org, 'accepted-40-days-ago', {
        status: 'ACCEPTED',
        created_at: daysAgo(41),
        accepted_at: daysAgo(40),
      })
      await addInvitation(gh, org, 'accepted-5-days-ago', {
        status: 'ACCEPTED',
        created_at: daysAgo(6),
        accepted_at: daysAgo(5),
      })
      await addInvitation(gh, org, 'pending-sent-2-days-ago', { status: 'PENDING', created_at: daysAgo(2) })
      // Expired after 7 days, kept 30 more: gone only once 37 days have passed.
      await addInvitation(gh, org, 'pending-sent-40-days-ago', { status: 'PENDING', created_at: daysAgo(40) })
      await addInvitation(gh, org, 'expired-sent-36-days-ago', { status: 'EXPIRED', created_at: daysAgo(36) })
      await addInvitation(gh, org, 'expired-sent-38-days-ago', { status: 'EXPIRED', created_at: daysAgo(38) })

      const result = await purgeExpired(gh.deps)

      expect(result.ran).toBe(true)
      expect(result.sessions).toBeGreaterThanOrEqual(3)
      expect(result.invitations).toBeGreaterThanOrEqual(3)
      expect(await sessionCount(gh, user)).toEqual({ total: 1, live: 1 })
      expect(await invitationLabels(gh, org)).toEqual([
        'accepted-5-days-ago',
        'expired-sent-36-days-ago',
        'pending-sent-2-days-ago',
      ])
      // The user's live session still works.
      const whoami = await gh.app.inject({
        url: '/api/auth/whoami',
        headers: { authorization: `Bearer ${user.session}` },
      })
      expect(whoami.statusCode).toBe(200)
    })

    it("deletes exchanged ID tokens' jtis once past their expiry and its leeway, and trusts' tokens a week after theirs", async () => {
      const issuer = `https://issuer-${randomBytes(3).toString('hex')}.test`
      const minutes = (n: number) => new Date(Date.now() + n * 60_000)
      await gh.deps.db
        .insertInto('oidc_used_tokens')
        .values([
          { issuer, jti: 'long-expired', expires_at: minutes(-3) },
          // Within the exchange's 60 s leeway, the token would still pass its exp check: kept.
          { issuer, jti: 'just-expired', expires_at: minutes(-1) },
          { issuer, jti: 'live', expires_at: minutes(5) },
        ])
        .execute()
      const owner = await signUpAndLogIn(gh)
      const org = await createOrganization(gh, owner)
      for (const [name, origin, expiresAt] of [
        ['oidc-8-days', 'oidc', daysAgo(8)],
        ['oidc-6-days', 'oidc', daysAgo(6)],
        ['manual-8-days', 'manual', daysAgo(8)],
      ] as const) {
        await gh.deps.db
          .insertInto('api_tokens')
          .values({
            organization_id: org.id,
            name,
            description: '',
            role_id: org.roles.viewer,
            token_digest: randomBytes(32),
            creator_type: 'user',
            creator_id: owner.id,
            creator_name: 'x',
            expires_at: expiresAt,
            origin,
          })
          .execute()
      }
      const result = await purgeExpired(gh.deps)
      expect(result.oidcUsedTokens).toBeGreaterThanOrEqual(1)
      expect(result.oidcIssuedTokens).toBeGreaterThanOrEqual(1)
      const jtis = await gh.deps.db
        .selectFrom('oidc_used_tokens')
        .select('jti')
        .where('issuer', '=', issuer)
        .execute()
      expect(jtis.map((row) => row.jti).sort()).toEqual(['just-expired', 'live'])
      const tokens = await gh.deps.db
        .selectFrom('api_tokens')
        .select('name')
        .where('organization_id', '=', org.id)
        .execute()
      expect(tokens.map((row) => row.name).sort()).toEqual(['manual-8-days', 'oidc-6-days'])
    })

    it(`deletes in batches of ${PURGE_BATCH_SIZE} until none is left`, async () => {
      const user = await signUpAndLogIn(gh)
      await addSessions(gh, user, daysAgo(1), 2 * PURGE_BATCH_SIZE + 17)
      const result = await purgeExpired(gh.deps)
      expect(result.sessions).toBe(2 * PURGE_BATCH_SIZE + 17)
      expect(await sessionCount(gh, user)).toEqual({ total: 1, live: 1 })
    })

    if (driver === 'postgres') {
      it('leaves the round to another process that holds the purge lock, and purges once it is free', async () => {
        const user = await signUpAndLogIn(gh)
        await addSessions(gh, user, daysAgo(1), 5)
        const other = new pg.Client({ connectionString: gh.location })
        await other.connect()
        try {
          await other.query('begin')
          await other.query('select pg_advisory_xact_lock(7204117001)')
          const skipped = await purgeExpired(gh.deps)
          expect(skipped).toEqual({
            sessions: 0,
            invitations: 0,
            oidcUsedTokens: 0,
            oidcIssuedTokens: 0,
            ran: false,
          })
          expect((await sessionCount(gh, user)).total).toBe(6)
          await other.query('commit')
        } finally {
          await other.end()
        }
        const after = await purgeExpired(gh.deps)
        expect(after.ran).toBe(true)
        expect(after.sessions).toBe(5)
      })

      it('never deletes a row twice when two processes purge at once', async () => {
        const user = await signUpAndLogIn(gh)
        await addSessions(gh, user, daysAgo(1), 3 * PURGE_BATCH_SIZE)
        const results = await Promise.all([purgeExpired(gh.deps), purgeExpired(gh.deps)])
        expect(results[0].sessions + results[1].sessions).toBe(3 * PURGE_BATCH_SIZE)
        expect(await sessionCount(gh, user)).toEqual({ total: 1, live: 1 })
      })
    }
  })
}

describe('the purge schedule', () => {
  let gh: TestGatehouse
  beforeAll(async () => {
    gh = await startTestGatehouse('pglite', { GATEHOUSE_PURGE_INTERVAL_SECONDS: '1' })
  })
  afterAll(async () => gh?.close())

  it('purges every GATEHOUSE_PURGE_INTERVAL_SECONDS while the server runs, and logs what it did', async () => {
    const user = await signUpAndLogIn(gh)
    await addSessions(gh, user, daysAgo(1), 4)
    const deadline = Date.now() + 5000
    while ((await sessionCount(gh, user)).total > 1 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200))
    expect(await sessionCount(gh, user)).toEqual({ total: 1, live: 1 })
    const line = gh.logs.map((text) => JSON.parse(text)).find((entry) => entry.msg === 'purged expired rows')
    expect(line).toMatchObject({ sessions: 4, invitations: 0 })
  })
})

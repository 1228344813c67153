import { beforeAll, expect, it } from 'vitest'
import {
  call,
  createApiToken,
  createOrganization,
  signUpAndLogIn,
  type TestApiToken,
} from '../../test/support/api.ts'
import { describeEachDatabase, type TestGatehouse } from '../../test/support/harness.ts'
import { LAST_USE_FLUSH_INTERVAL_MS, LastUseRecorder } from './last-use.ts'

const T0 = Date.parse('2030-01-01T00:00:00.000Z')
const SECOND = 1000

async function storedUseOf(gh: TestGatehouse, tokenId: string) {
  return gh.deps.db
    .selectFrom('api_tokens')
    .select(['last_used_at', 'last_used_from'])
    .where('id', '=', tokenId)
    .executeTakeFirstOrThrow()
}

async function aToken(gh: TestGatehouse): Promise<TestApiToken> {
  const owner = await signUpAndLogIn(gh)
  return createApiToken(gh, await createOrganization(gh, owner), 'viewer')
}

/** A recorder on the test's own clock: time moves only when the test says so. */
function recorderAt(gh: TestGatehouse, start = T0) {
  const clock = { now: start }
  return { clock, recorder: new LastUseRecorder(gh.deps.db, () => clock.now) }
}

describeEachDatabase(
  'last use: buffered in memory, written at most once a minute per token and process',
  (gatehouse) => {
    beforeAll(async () => {
      // This suite's own server: its timer is stopped so that only the tests write.
      await gatehouse().deps.lastUse.stop()
    })

    it('writes a first use at the next flush, then at most once per minute, whatever the traffic', async () => {
      const gh = gatehouse()
      const token = await aToken(gh)
      const { clock, recorder } = recorderAt(gh)
      for (let i = 0; i < 100; i++) recorder.record(token.id, '10.0.0.1', clock.now + i)
      expect((await storedUseOf(gh, token.id)).last_used_at).toBeNull()
      expect(await recorder.flushDue()).toBe(1)
      expect((await storedUseOf(gh, token.id)).last_used_at?.toISOString()).toBe(
        new Date(T0 + 99).toISOString(),
      )

      clock.now = T0 + 30 * SECOND
      recorder.record(token.id, '10.0.0.2', clock.now)
      expect(await recorder.flushDue()).toBe(0)
      clock.now = T0 + LAST_USE_FLUSH_INTERVAL_MS - 1
      expect(await recorder.flushDue()).toBe(0)
      expect((await storedUseOf(gh, token.id)).last_used_at?.toISOString()).toBe(
        new Date(T0 + 99).toISOString(),
      )
      // Shown meanwhile from memory.
      expect(recorder.pendingOf(token.id)?.lastUsedAt.toISOString()).toBe(
        new Date(T0 + 30 * SECOND).toISOString(),
      )

      clock.now = T0 + LAST_USE_FLUSH_INTERVAL_MS
      expect(await recorder.flushDue()).toBe(1)
      const stored = await storedUseOf(gh, token.id)
      expect(stored.last_used_at?.toISOString()).toBe(new Date(T0 + 30 * SECOND).toISOString())
      expect(stored.last_used_from).toEqual([
        { ip: '10.0.0.2', last_used_at: new Date(T0 + 30 * SECOND).toISOString() },
        { ip: '10.0.0.1', last_used_at: new Date(T0 + 99).toISOString() },
      ])
      expect(recorder.pendingOf(token.id)).toBeUndefined()
      // Nothing new: nothing written.
      clock.now += 5 * LAST_USE_FLUSH_INTERVAL_MS
      expect(await recorder.flushDue()).toBe(0)
    })

    it('writes many tokens in one flush', async () => {
      const gh = gatehouse()
      const tokens = await Promise.all([aToken(gh), aToken(gh), aToken(gh)])
      const { clock, recorder } = recorderAt(gh)
      for (const token of tokens) recorder.record(token.id, '192.0.2.1', clock.now)
      expect(await recorder.flushDue()).toBe(3)
      for (const token of tokens) expect((await storedUseOf(gh, token.id)).last_used_at?.getTime()).toBe(T0)
    })

    it('writes every token when a flush takes several statements, each at most the batch size', async () => {
      const gh = gatehouse()
      const tokens = await Promise.all([aToken(gh), aToken(gh), aToken(gh), aToken(gh), aToken(gh)])
      const clock = { now: T0 }
      // Two a statement: three statements, the last one short.
      let statements = 0
      const counted = gh.deps.db.withPlugin({
        transformQuery: (args) => {
          statements++
          return args.node
        },
        transformResult: async (args) => args.result,
      })
      const recorder = new LastUseRecorder(counted, () => clock.now, 2)
      for (const [i, token] of tokens.entries()) recorder.record(token.id, '192.0.2.9', clock.now + i)
      expect(await recorder.flushDue()).toBe(5)
      expect(statements).toBe(3)
      for (const [i, token] of tokens.entries())
        expect((await storedUseOf(gh, token.id)).last_used_at?.getTime()).toBe(T0 + i)
    })

    it('keeps the five most recent distinct addresses, an IPv4 client on an IPv6 socket shown as IPv4', async () => {
      const gh = gatehouse()
      const token = await aToken(gh)
      const { clock, recorder } = recorderAt(gh)
      for (let i = 1; i <= 7; i++) recorder.record(token.id, `::ffff:198.51.100.${i}`, clock.now + i * SECOND)
      recorder.record(token.id, '198.51.100.3', clock.now + 8 * SECOND)
      await recorder.flushDue()
      const { last_used_from } = await storedUseOf(gh, token.id)
      expect(last_used_from.map((use) => use.ip)).toEqual([
        '198.51.100.3',
        '198.51.100.7',
        '198.51.100.6',
        '198.51.100.5',
        '198.51.100.4',
      ])
    })

    it("merges two processes' uses: the later time wins, the five most recent addresses of both are kept", async () => {
      const gh = gatehouse()
      const token = await aToken(gh)
      const a = recorderAt(gh)
      const b = recorderAt(gh)
      a.recorder.record(token.id, '203.0.113.1', T0 + 5 * SECOND)
      a.recorder.record(token.id, '203.0.113.2', T0 + 1 * SECOND)
      b.recorder.record(token.id, '203.0.113.1', T0 + 2 * SECOND)
      b.recorder.record(token.id, '2001:db8::7', T0 + 3 * SECOND)
      await a.recorder.flushDue()
      await b.recorder.flushDue()
      const stored = await storedUseOf(gh, token.id)
      expect(stored.last_used_at?.getTime()).toBe(T0 + 5 * SECOND)
      expect(stored.last_used_from).toEqual([
        { ip: '203.0.113.1', last_used_at: new Date(T0 + 5 * SECOND).toISOString() },
        { ip: '2001:db8::7', last_used_at: new Date(T0 + 3 * SECOND).toISOString() },
        { ip: '203.0.113.2', last_used_at: new Date(T0 + 1 * SECOND).toISOString() },
      ])
    })

    it('takes back the pending use it returned, and after a flush starts a new one', async () => {
      const gh = gatehouse()
      const token = await aToken(gh)
      const { clock, recorder } = recorderAt(gh)
      let handle = recorder.record(token.id, '10.0.0.1', clock.now)
      handle = recorder.record(token.id, '10.0.0.1', clock.now + 1, handle)
      handle = recorder.record(token.id, '10.0.0.2', clock.now + 2, handle)
      handle = recorder.record(token.id, '10.0.0.1', clock.now + 3, handle)
      expect(handle.pending).toBe(true)
      expect(recorder.pendingOf(token.id)?.from).toEqual([
        { ip: '10.0.0.1', last_used_at: new Date(T0 + 3).toISOString() },
        { ip: '10.0.0.2', last_used_at: new Date(T0 + 2).toISOString() },
      ])
      expect(await recorder.flushDue()).toBe(1)
      expect(handle.pending).toBe(false)
      expect(recorder.pendingOf(token.id)).toBeUndefined()
      // A use given the flushed handle lands in a new pending use, written a minute later.
      clock.now = T0 + LAST_USE_FLUSH_INTERVAL_MS
      const next = recorder.record(token.id, '10.0.0.3', clock.now, handle)
      expect(next).not.toBe(handle)
      expect(recorder.pendingOf(token.id)?.lastUsedAt.getTime()).toBe(clock.now)
      expect(await recorder.flushDue()).toBe(1)
      const stored = await storedUseOf(gh, token.id)
      expect(stored.last_used_at?.getTime()).toBe(clock.now)
      expect(stored.last_used_from.map((use: { ip: string }) => use.ip)).toEqual([
        '10.0.0.3',
        '10.0.0.1',
        '10.0.0.2',
      ])
    })

    it('writes everything pending at shutdown, even within the minute', async () => {
      const gh = gatehouse()
      const token = await aToken(gh)
      const { clock, recorder } = recorderAt(gh)
      recorder.record(token.id, '10.9.9.9', clock.now)
      await recorder.flushDue()
      clock.now += 10 * SECOND
      recorder.record(token.id, '10.9.9.9', clock.now)
      expect(await recorder.flushDue()).toBe(0)
      await recorder.stop()
      expect((await storedUseOf(gh, token.id)).last_used_at?.getTime()).toBe(T0 + 10 * SECOND)
    })

    it('ignores a token deleted before its use was written', async () => {
      const gh = gatehouse()
      const token = await aToken(gh)
      const { recorder } = recorderAt(gh)
      recorder.record(token.id, '10.0.0.1', T0)
      await gh.deps.db.deleteFrom('api_tokens').where('id', '=', token.id).execute()
      expect(await recorder.flushDue()).toBe(1)
    })

    it('records a request made with a token in memory only, and shows it in the token answer at once', async () => {
      const gh = gatehouse()
      const owner = await signUpAndLogIn(gh)
      const org = await createOrganization(gh, owner)
      const token = await createApiToken(gh, org, 'viewer')
      const realNow = gh.deps.now
      // An hour ahead, held still: the session and the token are still good then.
      const used = Date.now() + 3600 * SECOND
      gh.deps.now = () => new Date(used)
      try {
        const whoami = await call(gh, 'GET', '/auth/whoami', {
          as: token.as,
          headers: { 'x-forwarded-for': '198.51.100.99' },
        })
        expect(whoami.status).toBe(200)
        expect((await storedUseOf(gh, token.id)).last_used_at).toBeNull()
        const shown = await call(gh, 'GET', `/organization/${org.id}/apiToken/${token.id}`, { as: owner.as })
        expect(shown.body.last_used_at).toBe(new Date(used).toISOString())
        // No proxy is trusted here: the socket's address, never the forged header.
        expect(shown.body.last_used_from).toEqual([
          { ip: '127.0.0.1', last_used_at: new Date(used).toISOString() },
        ])
        const listed = await call(gh, 'GET', `/organization/${org.id}/apiToken`, { as: owner.as })
        expect(listed.body.results.find((t: { id: string }) => t.id === token.id).last_used_at).toBe(
          new Date(used).toISOString(),
        )
        await gh.deps.lastUse.flushAll()
        expect((await storedUseOf(gh, token.id)).last_used_at?.getTime()).toBe(used)
      } finally {
        gh.deps.now = realNow
      }
    })
  },
  // A server of its own: its flush timer is stopped above.
  { GATEHOUSE_AUTH_CACHE_TTL_SECONDS: '300' },
)

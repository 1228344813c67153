import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { clonePostgresTemplate, dropPostgresDatabase } from '../support/harness.ts'
import { type ServerProcess, startServerProcess } from '../support/process.ts'
import {
  createToken,
  logLinesSince,
  OUTAGE_BEGINS,
  OUTAGE_ENDS,
  sleep,
  type TimedAnswer,
  timed,
  userWithOrganization,
} from './client.ts'
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts'

const adminUrl = process.env.GATEHOUSE_TEST_DATABASE_URL
if (!adminUrl)
  console.warn('postgres-faults.test.ts: skipped, GATEHOUSE_TEST_DATABASE_URL is not set (CI sets it)')

const isListener = (connection: { parameters: Record<string, string> }) =>
  connection.parameters.application_name?.startsWith('gatehouse-listener:') === true

/** A problem+json 503 a client can act on: the reason, and when to come back. */
function expectUnavailable(answer: TimedAnswer, reason = 'database_unavailable') {
  expect(answer.status, JSON.stringify(answer.body)).toBe(503)
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  expect(answer.body.reason).toBe(reason)
  expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0)
}

/**
 * Two Gatehouse processes on one PostgreSQL database, each through a TCP proxy of its own that
 * the test turns into a network fault: the notification connection of one process hung, the
 * database gone, the database hung. Figures are measured from the moment the fault begins, and
 * printed for the README's "Failure behaviour".
 */
describe.skipIf(!adminUrl)('faults between Gatehouse and PostgreSQL', () => {
  let databaseUrl = ''
  let proxyA: TcpProxy
  let proxyB: TcpProxy
  let a: ServerProcess
  let b: ServerProcess

  beforeAll(async () => {
    databaseUrl = await clonePostgresTemplate()
    ;[proxyA, proxyB] = await Promise.all([startTcpProxy(databaseUrl), startTcpProxy(databaseUrl)])
    // The tests ask with revoked tokens again and again: the failed-authentication limit would
    // answer 429 instead of telling what they measure. No purge runs in the middle of a fault.
    const env = { GATEHOUSE_AUTH_FAILURE_LIMIT: '1000000', GATEHOUSE_PURGE_INTERVAL_SECONDS: '86400' }
    ;[a, b] = await Promise.all([
      startServerProcess({ ...env, DATABASE_URL: proxyA.url }),
      startServerProcess({ ...env, DATABASE_URL: proxyB.url }),
    ])
  }, 120_000)

  afterAll(async () => {
    proxyA?.pass()
    proxyB?.pass()
    await Promise.all([a?.stop(), b?.stop()])
    await Promise.all([proxyA?.close(), proxyB?.close()])
    if (databaseUrl) await dropPostgresDatabase(databaseUrl)
  })

  /** Each test leaves the network whole, and both processes over any outage it caused. */
  afterEach(async () => {
    proxyA.pass()
    proxyB.pass()
    for (let waited = 0; waited < 20_000; waited += 100) {
      const over = [a, b].every((server) => {
        const lines = logLinesSince(server, 0)
        return (
          lines.filter((l) => l.msg.startsWith(OUTAGE_BEGINS)).length ===
          lines.filter((l) => l.msg.startsWith(OUTAGE_ENDS)).length
        )
      })
      if (over) return
      await sleep(100)
    }
    throw new Error('a process did not get over the outage within 20 s')
  }, 30_000)

  it('a token deleted through A is refused by B within 1 s while B’s notification connection hangs silently', async () => {
    const owner = await userWithOrganization(a)
    const doomed = await createToken(a, owner, 'doomed')
    const survivor = await createToken(a, owner, 'survivor')
    // B serves both from its cache: the deletion can only reach it through notifications.
    for (let i = 0; i < 3; i++) {
      expect(
        (await timed(b.url, 'GET', '/auth/whoami', { authorization: doomed.authorization })).status,
      ).toBe(200)
      expect(
        (await timed(b.url, 'GET', '/auth/whoami', { authorization: survivor.authorization })).status,
      ).toBe(200)
    }

    // B's LISTEN connection stays open but passes nothing, as behind a firewall that drops it.
    proxyB.hold(isListener)
    expect(proxyB.connections().filter(isListener)).toHaveLength(1)
    const deletedAt = performance.now()
    const deletion = timed(a.url, 'DELETE', `/organization/${owner.organizationId}/apiToken/${doomed.id}`, {
      authorization: owner.session,
    })
    let deleted: TimedAnswer | undefined
    void deletion.then((answer) => {
      deleted = answer
    })
    // Ask B again and again from the moment of the deletion until it refuses.
    const askedAfterAnswer: number[] = []
    let refusedAt: number | undefined
    while (performance.now() - deletedAt < 3000) {
      const answer = await timed(b.url, 'GET', '/auth/whoami', { authorization: doomed.authorization })
      if (deleted && answer.at - answer.ms > deleted.at) askedAfterAnswer.push(answer.status)
      if (answer.status === 401 && refusedAt === undefined) refusedAt = answer.at
      if (deleted && askedAfterAnswer.length >= 5) break
    }
    const answer = await deletion
    expect(answer.status).toBe(204)
    // Every request sent to B after A answered the deletion is refused: no window at all.
    expect(askedAfterAnswer.length).toBeGreaterThan(0)
    expect(askedAfterAnswer.filter((status) => status !== 401)).toEqual([])
    expect(refusedAt).toBeDefined()
    const boundMs = (refusedAt as number) - deletedAt
    console.info(
      `faults: listener hung: B refused the deleted token ${Math.round(boundMs)} ms after the DELETE was sent; ` +
        `A answered the DELETE in ${Math.round(answer.ms)} ms`,
    )
    expect(boundMs).toBeLessThan(1000)
    // A revocation is not held hostage by a process that does not answer: it waits a lease, no more.
    expect(answer.ms).toBeLessThan(2000)
    // B still serves a live token meanwhile, from the database.
    expect(
      (await timed(b.url, 'GET', '/auth/whoami', { authorization: survivor.authorization })).status,
    ).toBe(200)
  }, 30_000)

  it('readyz answers 503 naming the invalidation listener while B’s LISTEN connection hangs, and 200 once it is back', async () => {
    proxyB.hold(isListener)
    // The listener is given up once no ping has come back for GATEHOUSE_DATABASE_TIMEOUT_MS (3 s).
    let answer: TimedAnswer | undefined
    const heldAt = performance.now()
    while (performance.now() - heldAt < 8000) {
      answer = await timed(b.url, 'GET', '/readyz')
      if (answer.status === 503) break
      await sleep(200)
    }
    expect(answer?.status).toBe(503)
    expectUnavailable(answer as TimedAnswer, 'not_ready')
    expect(answer?.body.detail).toMatch(/invalidation listener/)
    expect(answer?.body.detail).not.toMatch(/database cannot be reached/)
    // Only B's listener is affected: A is ready, and B still answers requests from the database.
    expect((await timed(a.url, 'GET', '/readyz')).status).toBe(200)
    proxyB.pass()
    let ready = 0
    const passedAt = performance.now()
    while (performance.now() - passedAt < 10_000) {
      ready = (await timed(b.url, 'GET', '/readyz')).status
      if (ready === 200) break
      await sleep(200)
    }
    expect(ready).toBe(200)
  })

  it('with the database gone, every request answers 503 database_unavailable at once, with one warning per process', async () => {
    const owner = await userWithOrganization(a)
    const live = await createToken(a, owner, 'live')
    const revoked = await createToken(a, owner, 'revoked')
    for (const server of [a, b]) {
      expect(
        (await timed(server.url, 'GET', '/auth/whoami', { authorization: revoked.authorization })).status,
      ).toBe(200)
    }
    const deleted = await timed(
      a.url,
      'DELETE',
      `/organization/${owner.organizationId}/apiToken/${revoked.id}`,
      {
        authorization: owner.session,
      },
    )
    expect(deleted.status).toBe(204)
    const logFrom = [a.output().length, b.output().length]

    proxyA.down()
    proxyB.down()
    const downAt = performance.now()
    const answers: TimedAnswer[] = []
    // Many requests of every kind, a few seconds long: still one warning per process.
    while (performance.now() - downAt < 2500) {
      for (const server of [a, b]) {
        const round = await Promise.all([
          timed(server.url, 'GET', '/auth/whoami', { authorization: live.authorization }),
          timed(server.url, 'GET', `/organization/${owner.organizationId}/project`, {
            authorization: live.authorization,
          }),
          timed(server.url, 'GET', '/auth/whoami', { authorization: revoked.authorization }),
          timed(server.url, 'GET', '/account', { authorization: owner.session }),
        ])
        answers.push(...round, await timed(server.url, 'GET', '/readyz'))
      }
    }
    // Signing in needs the database too (once per process: logins have a rate limit of their own).
    for (const server of [a, b]) {
      const body = { email: 'nobody@example.test', password: 'x'.repeat(12) }
      answers.push(await timed(server.url, 'POST', '/auth/login', { body }))
    }
    const readiness = answers.filter((answer) => answer.body?.reason === 'not_ready')
    for (const answer of answers.filter((answer) => !readiness.includes(answer))) expectUnavailable(answer)
    expect(readiness.length).toBeGreaterThan(2)
    for (const answer of readiness) expectUnavailable(answer, 'not_ready')
    // It says which part is down: the database, checked before the listener.
    for (const answer of readiness) expect(answer.body.detail).toMatch(/database cannot be reached/)
    const slowest = Math.max(...answers.map((answer) => answer.ms))
    console.info(
      `faults: database down: ${answers.length} requests, every one 503, the slowest in ${Math.round(slowest)} ms`,
    )
    expect(slowest).toBeLessThan(1000)

    for (const [index, server] of [a, b].entries()) {
      const lines = logLinesSince(server, logFrom[index] as number)
      expect(lines.filter((line) => line.level >= 50)).toEqual([])
      const warnings = lines.filter((line) => line.level === 40)
      expect(warnings.map((line) => line.msg)).toEqual([expect.stringContaining(OUTAGE_BEGINS)])
    }

    proxyA.pass()
    proxyB.pass()
    const backAt = performance.now()
    const recovery = await untilBothServe(live.authorization)
    console.info(
      `faults: database down: both processes served again ${Math.round(recovery - backAt)} ms after it came back`,
    )
    expect(recovery - backAt).toBeLessThan(5000)
    for (const server of [a, b]) {
      expect(
        (await timed(server.url, 'GET', '/auth/whoami', { authorization: revoked.authorization })).status,
      ).toBe(401)
    }
  }, 60_000)

  it('with the database hung, readyz answers 503 within 5 s, requests 503 within 10 s, and service resumes once it answers', async () => {
    const owner = await userWithOrganization(a)
    const live = await createToken(a, owner, 'live')
    const revoked = await createToken(a, owner, 'revoked')
    for (const server of [a, b]) {
      expect(
        (await timed(server.url, 'GET', '/auth/whoami', { authorization: revoked.authorization })).status,
      ).toBe(200)
    }
    expect(
      (
        await timed(b.url, 'DELETE', `/organization/${owner.organizationId}/apiToken/${revoked.id}`, {
          authorization: owner.session,
        })
      ).status,
    ).toBe(204)
    const logFrom = [a.output().length, b.output().length]
    // The revoked token is asked for all along, every 250 ms on each process without waiting for
    // the answers, and must never be accepted.
    const revokedAsked: Promise<TimedAnswer>[] = []
    const askRevoked = () => {
      for (const server of [a, b]) {
        revokedAsked.push(timed(server.url, 'GET', '/auth/whoami', { authorization: revoked.authorization }))
      }
    }
    askRevoked()
    const asking = setInterval(askRevoked, 250)

    proxyA.hold()
    proxyB.hold()
    // More requests at once than a pool has connections: some wait for one, and must not wait forever.
    const wave = () =>
      Promise.all(
        [a, b].flatMap((server) => [
          timed(server.url, 'GET', '/readyz'),
          ...Array.from({ length: 12 }, () =>
            timed(server.url, 'GET', '/auth/whoami', { authorization: live.authorization }),
          ),
          timed(server.url, 'GET', `/organization/${owner.organizationId}/project`, {
            authorization: live.authorization,
          }),
          timed(server.url, 'POST', `/organization/${owner.organizationId}/project`, {
            authorization: owner.session,
            body: { name: 'during-the-hang' },
          }),
        ]),
      )
    // Past the lease, so that no answer can come from a cache.
    await sleep(600)
    const first = await wave()
    // A second wave finds the pools' connections given up, and new ones hanging at the start.
    const second = await wave()
    for (const answers of [first, second]) {
      const readiness = answers.filter((answer) => answer.body?.reason === 'not_ready')
      expect(readiness).toHaveLength(2)
      for (const answer of readiness) expect(answer.ms).toBeLessThan(5000)
      for (const answer of answers.filter((answer) => !readiness.includes(answer))) {
        expectUnavailable(answer)
        expect(answer.ms).toBeLessThan(10_000)
      }
    }
    const slowestReady = Math.max(
      ...[...first, ...second].filter((x) => x.body?.reason === 'not_ready').map((x) => x.ms),
    )
    const slowest = Math.max(...[...first, ...second].map((x) => x.ms))
    console.info(
      `faults: database hung: readyz 503 in ${Math.round(slowestReady)} ms at most, ` +
        `${first.length + second.length} requests 503 in ${Math.round(slowest)} ms at most`,
    )

    proxyA.pass()
    proxyB.pass()
    const backAt = performance.now()
    const recovery = await untilBothServe(live.authorization)
    console.info(
      `faults: database hung: both processes served again ${Math.round(recovery - backAt)} ms after it answered`,
    )
    expect(recovery - backAt).toBeLessThan(5000)
    clearInterval(asking)
    const revokedAnswers = await Promise.all(revokedAsked)
    expect(revokedAnswers.length).toBeGreaterThan(30)
    expect(
      revokedAnswers.map((answer) => answer.status).filter((status) => status !== 401 && status !== 503),
    ).toEqual([])
    // Those asked during the hang were refused for the outage, not accepted nor left hanging.
    expect(revokedAnswers.filter((answer) => answer.status === 503).length).toBeGreaterThan(0)

    for (const [index, server] of [a, b].entries()) {
      const lines = logLinesSince(server, logFrom[index] as number)
      expect(lines.filter((line) => line.level >= 50)).toEqual([])
      expect(lines.filter((line) => line.level === 40).map((line) => line.msg)).toEqual([
        expect.stringContaining(OUTAGE_BEGINS),
      ])
    }
  }, 60_000)

  /** Polls both processes until each serves `authorization` and is ready (15 s at most); when
   *  that was. */
  async function untilBothServe(authorization: string): Promise<number> {
    const started = performance.now()
    while (performance.now() - started < 15_000) {
      const answers = await Promise.all(
        [a, b].flatMap((server) => [
          timed(server.url, 'GET', '/auth/whoami', { authorization }),
          timed(server.url, 'GET', '/readyz'),
        ]),
      )
      for (const answer of answers) expect([200, 503]).toContain(answer.status)
      if (answers.every((answer) => answer.status === 200)) return performance.now()
      await sleep(100)
    }
    throw new Error('the processes did not serve again within 15 s')
  }
})

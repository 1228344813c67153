import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateToken } from '../../src/core/token.ts'
import { withDatabase } from '../support/global-setup.ts'
import { dropPostgresDatabase } from '../support/harness.ts'
import { http, type ServerProcess, startServerProcess } from '../support/process.ts'

const adminUrl = process.env.GATEHOUSE_TEST_DATABASE_URL
const METRICS_TOKEN = randomBytes(24).toString('hex')
if (!adminUrl)
  console.warn('issued-elsewhere.test.ts: skipped, GATEHOUSE_TEST_DATABASE_URL is not set (CI sets it)')

/**
 * Each process refuses tokens that were never issued from its own filter of issued digests,
 * without asking the database. A token issued by another process must be in that filter before
 * its value reaches anyone: two real processes on one PostgreSQL, tokens created on one and used
 * on the other the moment the creation answers, one after another and in bursts.
 */
describe.skipIf(!adminUrl)('a token issued on one process, used at once on another', () => {
  let databaseUrl = ''
  let a: ServerProcess
  let b: ServerProcess

  beforeAll(async () => {
    const name = `gatehouse_issued_${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    await admin.end()
    databaseUrl = withDatabase(adminUrl as string, name)
    // Debug lines say when each process's filter is loaded, and so in use.
    // The metrics tell whether each creation's announcement was confirmed or waited out.
    const env = { DATABASE_URL: databaseUrl, LOG_LEVEL: 'debug', GATEHOUSE_METRICS_TOKEN: METRICS_TOKEN }
    ;[a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)])
    await Promise.all([filterLoaded(a), filterLoaded(b)])
  }, 120_000)

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()])
    if (databaseUrl) await dropPostgresDatabase(databaseUrl)
  })

  it('is accepted by the other process on the very next request, every time', async () => {
    const email = `issued-${randomBytes(4).toString('hex')}@example.test`
    await http(a.url, 'POST', '/auth/signup', { body: { email, password: 'password-123', name: 'Issuer' } })
    const login = await http(a.url, 'POST', '/auth/login', { body: { email, password: 'password-123' } })
    const session = `Bearer ${login.body.token}`
    const org = await http(a.url, 'POST', '/organization', {
      authorization: session,
      body: { name: 'Issued' },
    })
    expect(org.status).toBe(201)
    // Both filters are in use: an unknown token is refused by each.
    for (const server of [a, b]) {
      const unknown = await http(server.url, 'GET', '/auth/whoami', {
        authorization: `Token ${generateToken('api_token')}`,
      })
      expect(unknown.status).toBe(401)
    }

    let round = 0
    const createAndUse = async (issuer: ServerProcess, user: ServerProcess) => {
      const created = await http(issuer.url, 'POST', `/organization/${org.body.id}/apiToken`, {
        authorization: session,
        body: { name: `issued-${round++}`, role_id: null },
      })
      expect(created.status).toBe(201)
      const whoami = await http(user.url, 'GET', '/auth/whoami', {
        authorization: `Token ${created.body.token}`,
      })
      expect(whoami.status, `a token issued on ${issuer === a ? 'a' : 'b'}`).toBe(200)
      expect(whoami.body.api_token.id).toBe(created.body.id)
    }
    // One after another, each way.
    for (let i = 0; i < 20; i++) await createAndUse(i % 2 === 0 ? a : b, i % 2 === 0 ? b : a)
    // In bursts: many creations in flight on both processes at once.
    for (let burst = 0; burst < 3; burst++) {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => createAndUse(i % 2 === 0 ? a : b, i % 2 === 0 ? b : a)),
      )
    }
    // Every announcement was confirmed by both processes (the other one's acknowledgements come
    // one per message, or several in one NOTIFY during the bursts), none waited out.
    const waits = { confirmed: 0, timeout: 0 }
    for (const server of [a, b]) {
      const metrics = await fetch(`${server.url}/api/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      }).then((response) => response.text())
      for (const outcome of ['confirmed', 'timeout'] as const) {
        const line = new RegExp(
          `^gatehouse_invalidation_acknowledgement_wait_seconds_count\\{outcome="${outcome}"\\} (\\d+)$`,
          'm',
        ).exec(metrics)
        waits[outcome] += Number(line?.[1] ?? 0)
      }
    }
    expect(waits).toEqual({ confirmed: 80, timeout: 0 })
  })
})

/** Waits for the process's debug line saying its filter of issued digests is loaded. */
async function filterLoaded(server: ServerProcess): Promise<void> {
  const deadline = Date.now() + 30_000
  while (!server.output().includes('issued token digests loaded')) {
    if (Date.now() > deadline) throw new Error(`the filter was not loaded within 30 s:\n${server.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLAIM_MS } from '../../src/services/webhooks/delivery.ts'
import { clonePostgresTemplate, dropPostgresDatabase } from '../support/harness.ts'
import { http, type ServerProcess, startServerProcess } from '../support/process.ts'
import {
  RECEIVER_CA_PATH,
  type ReceivedWebhook,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../support/webhook-receiver.ts'

const adminUrl = process.env.GATEHOUSE_TEST_DATABASE_URL
if (!adminUrl)
  console.warn('webhook-kill.test.ts: skipped, GATEHOUSE_TEST_DATABASE_URL is not set (CI sets it)')

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, withinMs: number) {
  const started = Date.now()
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() - started > withinMs) throw new Error(`${what}: not within ${withinMs} ms`)
    await sleep(100)
  }
}

/**
 * Two real processes on one PostgreSQL send one organization's webhooks. One of them is killed
 * with SIGKILL while a delivery of its is under way (the receiver holds the request unanswered):
 * the other sends that event again once the dead process's claim lapses, with the same
 * webhook-id, and every event is answered by the receiver exactly once, signed, with nothing
 * lost and nothing sent twice that had been answered.
 */
describe.skipIf(!adminUrl)('webhooks across two processes and a kill -9 mid-delivery', () => {
  let databaseUrl = ''
  let receiver: WebhookReceiver
  let a: ServerProcess
  let b: ServerProcess | undefined
  let db: pg.Client
  const env = () => ({
    DATABASE_URL: databaseUrl,
    GATEHOUSE_WEBHOOK_ALLOW_PRIVATE: '1',
    // The loopback receiver's certificate, a test fixture, trusted by these processes only.
    NODE_EXTRA_CA_CERTS: RECEIVER_CA_PATH,
  })

  beforeAll(async () => {
    databaseUrl = await clonePostgresTemplate()
    receiver = await startWebhookReceiver()
    db = new pg.Client({ connectionString: databaseUrl })
    await db.connect()
    a = await startServerProcess(env())
  }, 120_000)

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()])
    await db?.end()
    await receiver?.close()
    if (databaseUrl) await dropPostgresDatabase(databaseUrl)
  })

  it('delivers every event once: the one in flight on the killed process is sent again by the other', async () => {
    const email = `hooks-${randomBytes(4).toString('hex')}@example.test`
    await http(a.url, 'POST', '/auth/signup', { body: { email, password: 'password-123', name: 'Hooks' } })
    const login = await http(a.url, 'POST', '/auth/login', { body: { email, password: 'password-123' } })
    const session = `Bearer ${login.body.token}`
    const org = await http(a.url, 'POST', '/organization', {
      authorization: session,
      body: { name: 'Hooks' },
    })
    expect(org.status).toBe(201)
    const webhook = await http(a.url, 'POST', `/organization/${org.body.id}/webhook`, {
      authorization: session,
      body: { url: `${receiver.url}/events`, events: ['api_token.created'] },
    })
    expect(webhook.status, JSON.stringify(webhook.body)).toBe(201)
    const createToken = (server: ServerProcess, name: string) =>
      http(server.url, 'POST', `/organization/${org.body.id}/apiToken`, {
        authorization: session,
        body: { name },
      })

    // A alone: its delivery of the first event is held by the receiver, unanswered.
    receiver.hangNext(1)
    expect((await createToken(a, 'first')).status).toBe(201)
    await until('the first delivery reaches the receiver', () => receiver.received[0], 10_000)
    expect(receiver.received[0]?.answer).toBe('hang')

    // B joins; ten more events, made through both processes, are sent by whichever claims them.
    b = await startServerProcess(env())
    const live = b
    for (let i = 0; i < 10; i++) expect((await createToken(i % 2 ? a : live, `token-${i}`)).status).toBe(201)
    const deliveredCount = async () =>
      Number(
        (await db.query(`select count(*) as n from webhook_deliveries where status = 'delivered'`)).rows[0].n,
      )
    await until(
      'ten deliveries answered and written down',
      async () => ((await deliveredCount()) >= 10 ? true : undefined),
      20_000,
    )

    // A dies with the first event still in flight: no outcome is written, its claim stays.
    const killedAt = Date.now()
    a.child.kill('SIGKILL')
    await new Promise((resolve) => a.child.once('exit', resolve))
    const held = await db.query(
      `select status, claimed_until from webhook_deliveries where status <> 'delivered'`,
    )
    expect(held.rows).toHaveLength(1)
    expect(held.rows[0].status).toBe('pending')

    // B sends it again once the claim lapses (CLAIM_MS after A claimed it), and the receiver answers.
    await until(
      'the held event is delivered by B',
      async () => ((await deliveredCount()) === 11 ? true : undefined),
      CLAIM_MS + 15_000,
    )
    console.info(
      `webhooks: the killed process's delivery was sent again ${Date.now() - killedAt} ms after the kill`,
    )
    await sleep(1500)

    const rows = (await db.query(`select event_id, status, attempts from webhook_deliveries`)).rows as {
      event_id: string
      status: string
      attempts: number
    }[]
    expect(rows).toHaveLength(11)
    expect(rows.every((row) => row.status === 'delivered')).toBe(true)
    const answered = receiver.received.filter((request) => request.answer === 204)
    const idOf = (request: ReceivedWebhook) => request.headers['webhook-id']
    // Exactly once per event among the answered requests, and every event among them.
    expect(answered.map(idOf).sort()).toEqual(rows.map((row) => row.event_id).sort())
    // The only request sent twice is the one the killed process never heard back about.
    expect(receiver.received).toHaveLength(12)
    const first = receiver.received[0] as ReceivedWebhook
    expect(answered.filter((request) => idOf(request) === idOf(first))).toHaveLength(1)
    expect(rows.find((row) => row.event_id === idOf(first))?.attempts).toBe(2)
    // Every request, the repeat included, is signed with the webhook's secret (verify also checks
    // the timestamp is recent, as a receiver would).
    for (const request of receiver.received)
      new Webhook(webhook.body.secret).verify(request.body, request.headers)
  }, 120_000)
})

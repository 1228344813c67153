import { randomUUID } from 'node:crypto'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import {
  backoffMs,
  DISABLE_AFTER_MS,
  FIRST_BACKOFF_MS,
  RETRY_FOR_MS,
  WebhookWorker,
} from '../../src/services/webhooks/delivery.ts'
import type { ResolveHost } from '../../src/services/webhooks/sender.ts'
import { call, createOrganization, signUpAndLogIn, type TestOrganization } from '../support/api.ts'
import { auditEvents } from '../support/fixtures.ts'
import { describeEachDatabase, type TestGatehouse } from '../support/harness.ts'
import {
  type ReceivedWebhook,
  receiverCa,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../support/webhook-receiver.ts'

const DAY = 24 * 3600_000

/**
 * The request carries a signature of `secret` over its id, timestamp and body (recomputed with
 * the reference library: its verify() also checks the timestamp against the real clock, which
 * the moved clock here is a month ahead of).
 */
function expectSignedBy(request: ReceivedWebhook | undefined, secret: string) {
  const headers = request?.headers ?? {}
  const timestamp = new Date(Number(headers['webhook-timestamp']) * 1000)
  const expected = new Webhook(secret).sign(headers['webhook-id'] ?? '', timestamp, request?.body ?? '')
  expect(headers['webhook-signature']?.split(' ')).toContain(expected)
}

/**
 * The delivery worker on a clock the test moves: retries with doubling backoff and jitter, given
 * up after 24 h, a webhook failing for 3 days disabled (and the trail says so), a receiver that
 * hangs or redirects, and the address guard at send time. The deliveries are written a month
 * ahead of real time, so the process's own worker (on the real clock) never claims them: only the
 * worker made here, on the moved clock, does.
 */
describeEachDatabase(
  'webhook delivery: retries, give-up, disabling, timeouts, redirects, the address guard',
  (gatehouse) => {
    let receiver: WebhookReceiver
    let gh: TestGatehouse
    let org: TestOrganization
    let clock: number
    const warnings: string[] = []
    const log = {
      debug: () => {},
      info: () => {},
      warn: (_object: object, message: string) => {
        warnings.push(message)
      },
    }
    const start = Date.now() + 30 * DAY

    beforeAll(async () => {
      receiver = await startWebhookReceiver()
    })
    afterAll(() => receiver.close())
    beforeEach(async () => {
      gh = gatehouse()
      const owner = await signUpAndLogIn(gh, 'Delivery Owner')
      org = await createOrganization(gh, owner)
      clock = start
      warnings.length = 0
      // This suite has its Gatehouse to itself: what an earlier test left waiting is not this test's.
      await gh.deps.db
        .updateTable('webhook_deliveries')
        .set({ status: 'failed' })
        .where('status', '=', 'pending')
        .execute()
      receiver.answerWith(204)
    })

    function worker(options: { allowPrivate?: boolean; resolve?: ResolveHost; timeoutMs?: number } = {}) {
      const config = { ...gh.deps.config, webhookAllowPrivate: options.allowPrivate ?? true }
      return new WebhookWorker({ db: gh.deps.db, config, now: () => new Date(clock) }, log, {
        ca: receiverCa,
        random: () => 0.5,
        ...(options.resolve ? { resolve: options.resolve } : {}),
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      })
    }

    async function createWebhook(url = `${receiver.url}/hook`) {
      const created = await call(gh, 'POST', `/organization/${org.id}/webhook`, {
        as: org.owner.as,
        body: { url, events: ['api_token.created'] },
      })
      expect(created.status, created.text).toBe(201)
      return created.body as { id: string; secret: string }
    }

    /** A delivery waiting in the outbox, due at `at` (and made then). */
    async function enqueue(webhookId: string, at = clock) {
      const eventId = `msg_${randomUUID().replaceAll('-', '')}`
      const row = await gh.deps.db
        .insertInto('webhook_deliveries')
        .values({
          webhook_id: webhookId,
          organization_id: org.id,
          event_id: eventId,
          event_type: 'api_token.created',
          payload: JSON.stringify({ type: 'api_token.created', data: { organization_id: org.id } }),
          next_attempt_at: new Date(at),
          created_at: new Date(at),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return { id: row.id, eventId }
    }

    const delivery = (id: string) =>
      gh.deps.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    const webhookRow = (id: string) =>
      gh.deps.db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    const receivedFor = (eventId: string) =>
      receiver.received.filter((request) => request.headers['webhook-id'] === eventId)

    it('retries a failing receiver with doubling backoff and jitter, then delivers and clears the failure', async () => {
      const webhook = await createWebhook()
      const { id, eventId } = await enqueue(webhook.id)
      const sender = worker()
      receiver.answerWith(500)

      expect(await sender.runOnce()).toBe(1)
      const first = await delivery(id)
      expect(first).toMatchObject({
        status: 'pending',
        attempts: 1,
        last_status_code: 500,
        claimed_until: null,
      })
      // Equal jitter: half the backoff, plus the random share of the other half (0.5 here).
      expect(first.next_attempt_at.getTime() - clock).toBe(backoffMs(1, () => 0.5))
      expect(backoffMs(1, () => 0.5)).toBe(FIRST_BACKOFF_MS * 0.75)
      expect((await webhookRow(webhook.id)).failing_since?.getTime()).toBe(start)

      // Not due yet: nothing is sent.
      clock = first.next_attempt_at.getTime() - 1
      expect(await sender.runOnce()).toBe(0)
      clock = first.next_attempt_at.getTime()
      expect(await sender.runOnce()).toBe(1)
      const second = await delivery(id)
      expect(second.attempts).toBe(2)
      expect(second.next_attempt_at.getTime() - clock).toBe(backoffMs(2, () => 0.5))
      expect(backoffMs(2, () => 0.5)).toBe(2 * backoffMs(1, () => 0.5))
      // Jitter spreads retries between half and all of the backoff.
      expect(backoffMs(3, () => 0)).toBe(FIRST_BACKOFF_MS * 2)
      expect(backoffMs(3, () => 1)).toBe(FIRST_BACKOFF_MS * 4)

      receiver.answerWith(204)
      clock = second.next_attempt_at.getTime()
      expect(await sender.runOnce()).toBe(1)
      expect(await delivery(id)).toMatchObject({ status: 'delivered', attempts: 3, last_status_code: 204 })
      expect((await webhookRow(webhook.id)).failing_since).toBeNull()
      // Every attempt is the same message: one webhook-id, each signed with the webhook's secret.
      const attempts = receivedFor(eventId)
      expect(attempts).toHaveLength(3)
      for (const attempt of attempts) expectSignedBy(attempt, webhook.secret)
      expect(await sender.runOnce()).toBe(0)
    })

    it('gives a delivery up once it has failed for 24 h, and says so in the log', async () => {
      const webhook = await createWebhook()
      const { id } = await enqueue(webhook.id)
      const sender = worker()
      receiver.answerWith(503)
      await sender.runOnce()
      clock = start + RETRY_FOR_MS
      expect(await sender.runOnce()).toBe(1)
      expect(await delivery(id)).toMatchObject({ status: 'failed', attempts: 2, last_status_code: 503 })
      expect(warnings).toContain(
        'a webhook delivery is given up: it failed for 24 h, or its webhook is disabled',
      )
      clock += 7 * DAY
      expect(await sender.runOnce()).toBe(0)
      // The webhook itself stays on: not every delivery has failed for 3 days yet.
      expect((await webhookRow(webhook.id)).enabled).toBe(true)
    })

    it('disables a webhook whose deliveries all failed for 3 days, fails its waiting ones, and records it once', async () => {
      const webhook = await createWebhook()
      await enqueue(webhook.id)
      const sender = worker()
      receiver.answerWith(500)
      await sender.runOnce()
      clock = start + DISABLE_AFTER_MS
      // Two due now, and one not yet due, which the disabling fails too.
      await enqueue(webhook.id)
      const waiting = await enqueue(webhook.id, clock + DAY)
      const due = await gh.deps.db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('webhook_id', '=', webhook.id)
        .where('next_attempt_at', '<=', new Date(clock))
        .execute()
      expect(due).toHaveLength(2)
      // Both are sent side by side and both fail: their outcomes are written at the same time.
      expect(await sender.runOnce()).toBe(2)
      for (const { id } of due) expect((await delivery(id)).status).toBe('failed')
      const row = await webhookRow(webhook.id)
      expect(row).toMatchObject({ enabled: false, disabled_reason: 'Every delivery failed for 3 days.' })
      expect(await delivery(waiting.id)).toMatchObject({
        status: 'failed',
        last_error: 'The webhook was disabled.',
      })
      const audit = await auditEvents(gh, org.id, 'webhook.disabled')
      expect(audit).toHaveLength(1)
      // The API says so too, and a disabled webhook gets nothing more.
      const shown = await call(gh, 'GET', `/organization/${org.id}/webhook/${webhook.id}`, {
        as: org.owner.as,
      })
      expect(shown.body).toMatchObject({
        enabled: false,
        disabled_reason: 'Every delivery failed for 3 days.',
      })
      await enqueue(webhook.id)
      const before = receiver.received.length
      expect(await sender.runOnce()).toBe(0)
      expect(receiver.received.length).toBe(before)
    })

    it('counts a receiver that does not answer in time as a failed attempt, and moves on', async () => {
      const webhook = await createWebhook()
      const { id } = await enqueue(webhook.id)
      receiver.answerWith('hang')
      const startedAt = performance.now()
      expect(await worker({ timeoutMs: 400 }).runOnce()).toBe(1)
      expect(performance.now() - startedAt).toBeLessThan(5000)
      const row = await delivery(id)
      expect(row).toMatchObject({ status: 'pending', attempts: 1, last_status_code: null })
      expect(row.last_error).toBe('Could not deliver: no answer within 0.4 s.')
    })

    it('does not follow a redirect: a 3xx is a failed attempt, and its target is never asked', async () => {
      const webhook = await createWebhook()
      const { id, eventId } = await enqueue(webhook.id)
      receiver.answerWith(302)
      await worker().runOnce()
      expect(await delivery(id)).toMatchObject({ status: 'pending', last_status_code: 302 })
      expect(receivedFor(eventId)).toHaveLength(1)
    })

    it('refuses, at send time and after DNS, a name that resolves to a loopback address and an IPv4-mapped loopback', async () => {
      // Accepted when made (this server allows private addresses, as for the other tests); the
      // worker here does not, and the name's answer is only known when sending.
      const port = new URL(receiver.url).port
      const rebinding = await createWebhook(`https://rebinding.test:${port}/hook`)
      const mapped = await createWebhook(`https://[::ffff:127.0.0.1]:${port}/hook`)
      const named = await enqueue(rebinding.id)
      const literal = await enqueue(mapped.id)
      const resolve: ResolveHost = async (hostname) => {
        expect(hostname).toBe('rebinding.test')
        return [{ address: '127.0.0.1', family: 4 }]
      }
      const before = receiver.received.length
      expect(await worker({ allowPrivate: false, resolve }).runOnce()).toBe(2)
      for (const { id } of [named, literal]) {
        const row = await delivery(id)
        expect(row).toMatchObject({ status: 'pending', last_status_code: null })
        expect(row.last_error).toMatch(/loopback/)
      }
      expect(receiver.received.length).toBe(before)

      // With private addresses allowed, the same name reaches the receiver, on the checked address.
      clock += DAY
      expect(await worker({ allowPrivate: true, resolve }).runOnce()).toBe(2)
      expect(receivedFor(named.eventId)).toHaveLength(1)
      expect((await delivery(named.id)).status).toBe('delivered')
    })

    it('signs with the old and the new secret while a rotation is in its grace period', async () => {
      const webhook = await createWebhook()
      const rotated = await call(gh, 'POST', `/organization/${org.id}/webhook/${webhook.id}/rotateSecret`, {
        as: org.owner.as,
        body: { grace_period_seconds: 3600 },
      })
      expect(rotated.status, rotated.text).toBeLessThan(300)
      const newSecret = rotated.body.secret as string
      expect(newSecret).not.toBe(webhook.secret)
      clock = Date.now()
      const { eventId } = await enqueue(webhook.id)
      await worker().runOnce()
      const [sent] = receivedFor(eventId)
      expect(sent?.headers['webhook-signature']?.split(' ')).toHaveLength(2)
      for (const secret of [webhook.secret, newSecret]) expectSignedBy(sent, secret)

      // After the grace period, only the new secret signs.
      clock = Date.now() + 2 * 3600_000
      const later = await enqueue(webhook.id)
      await worker().runOnce()
      const [alone] = receivedFor(later.eventId)
      expect(alone?.headers['webhook-signature']?.split(' ')).toHaveLength(1)
      expectSignedBy(alone, newSecret)
    })
  },
  { GATEHOUSE_WEBHOOK_ALLOW_PRIVATE: '1' },
)

import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { webhookEventTypes } from '../../src/core/webhook-events.ts'
import { scanTokenExpiries } from '../../src/services/webhooks/expiry.ts'
import { call, createApiToken, createOrganization, signUpAndLogIn } from '../support/api.ts'
import { invite } from '../support/fixtures.ts'
import { describeEachDatabase } from '../support/harness.ts'
import {
  type ReceivedWebhook,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../support/webhook-receiver.ts'

const DAY = 24 * 3600_000

interface VerifiedEvent {
  id: string
  type: string
  data: Record<string, unknown>
}

/**
 * Every event of the catalogue, caused the way a user causes it (through the API; the expiry
 * notices by the scan every process runs, on a clock moved ahead), reaches a loopback receiver
 * once, with a signature the Standard Webhooks reference library verifies, and without any
 * token value in it.
 */
describeEachDatabase(
  'webhook events: every one in the catalogue is sent, signed, once',
  (gatehouse) => {
    let receiver: WebhookReceiver
    beforeAll(async () => {
      receiver = await startWebhookReceiver()
    })
    afterAll(() => receiver.close())

    /** The verified events of the requests received since `from`, once `count` have come. */
    async function eventsSince(from: number, secret: string, until: (events: VerifiedEvent[]) => boolean) {
      const verify = (received: ReceivedWebhook): VerifiedEvent => {
        const event = new Webhook(secret).verify(received.body, received.headers) as Omit<VerifiedEvent, 'id'>
        return { ...event, id: received.headers['webhook-id'] as string }
      }
      for (let waited = 0; waited < 20_000; waited += 100) {
        const events = receiver.received.slice(from).map(verify)
        if (until(events)) return events
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      return receiver.received.slice(from).map(verify)
    }

    it('sends each of the ten event types, with ids and names and never a token value', async () => {
      const gh = gatehouse()
      const owner = await signUpAndLogIn(gh, 'Events Owner')
      const org = await createOrganization(gh, owner)
      const from = receiver.received.length
      const webhook = await call(gh, 'POST', `/organization/${org.id}/webhook`, {
        as: owner.as,
        body: { url: `${receiver.url}/all`, events: webhookEventTypes },
      })
      expect(webhook.status, webhook.text).toBe(201)
      const secret = webhook.body.secret as string

      // api_token.created, .rotated, .revoked_leaked, .deleted
      const rotating = await createApiToken(gh, org, 'devops')
      const rotated = await call(gh, 'POST', `/organization/${org.id}/apiToken/${rotating.id}/rotate`, {
        as: owner.as,
        body: { grace_period_seconds: 0 },
      })
      expect(rotated.status, rotated.text).toBe(201)
      const leaked = await createApiToken(gh, org, 'viewer')
      expect(
        (await call(gh, 'POST', '/apiToken/revokeLeaked', { body: [{ token: leaked.token }] })).status,
      ).toBe(200)
      const doomed = await createApiToken(gh, org, 'viewer')
      expect(
        (await call(gh, 'DELETE', `/organization/${org.id}/apiToken/${doomed.id}`, { as: owner.as })).status,
      ).toBe(204)

      // member.added (an invitation accepted), member.role_changed, ownership transferred, removed
      const heir = await signUpAndLogIn(gh, 'Heir')
      const invitation = await invite(gh, org, heir.email, 'admin')
      expect(
        (await call(gh, 'POST', `/organization/${org.id}/inviteMember/${invitation.id}`, { as: heir.as }))
          .status,
      ).toBeLessThan(300)
      const changed = await call(gh, 'PUT', `/organization/${org.id}/member`, {
        as: owner.as,
        body: { user_id: heir.id, role_id: org.roles.devops },
      })
      expect(changed.status, changed.text).toBe(200)
      const transferred = await call(gh, 'POST', `/organization/${org.id}/transferOwnership`, {
        as: owner.as,
        body: { user_id: heir.id },
      })
      expect(transferred.status, transferred.text).toBeLessThan(300)
      const removed = await call(gh, 'DELETE', `/organization/${org.id}/member`, {
        as: heir.as,
        body: { user_id: owner.id },
      })
      expect(removed.status, removed.text).toBe(204)

      // api_token.expiring (7 days, then 1 day before) and api_token.expired, from the scan.
      const expiresAt = new Date(Date.now() + 3 * DAY)
      const expiring = await call(gh, 'POST', `/organization/${org.id}/apiToken`, {
        as: heir.as,
        body: { name: 'short-lived', role_id: org.roles.viewer, expires_at: expiresAt.toISOString() },
      })
      expect(expiring.status, expiring.text).toBe(201)
      for (const at of [Date.now(), expiresAt.getTime() - DAY / 2, expiresAt.getTime() + 60_000]) {
        await scanTokenExpiries(gh.deps.db, new Date(at))
        // A second scan at the same moment (another process, say) adds nothing.
        expect(await scanTokenExpiries(gh.deps.db, new Date(at))).toBe(0)
      }
      // The notices found on the moved clock are due at that moment: bring them to now, as the
      // clock would, for this process's worker (on the real clock) to send.
      await gh.deps.db
        .updateTable('webhook_deliveries')
        .set({ next_attempt_at: new Date() })
        .where('organization_id', '=', org.id)
        .where('status', '=', 'pending')
        .execute()

      const expected = [
        'api_token.created',
        'api_token.rotated',
        'api_token.created',
        'api_token.revoked_leaked',
        'api_token.created',
        'api_token.deleted',
        'member.added',
        'member.role_changed',
        'organization.ownership_transferred',
        'member.removed',
        'api_token.created',
        'api_token.expiring',
        'api_token.expiring',
        'api_token.expired',
      ]
      const events = await eventsSince(from, secret, (seen) => seen.length >= expected.length)
      // Order between events is not promised (deliveries run side by side): compare as multisets.
      expect(events.map((event) => event.type).sort()).toEqual([...expected].sort())
      expect(new Set(events.map((event) => event.type))).toEqual(new Set(webhookEventTypes))
      // Once each: a second round of the worker sends nothing more.
      await new Promise((resolve) => setTimeout(resolve, 1500))
      expect(receiver.received.length - from).toBe(expected.length)
      expect(new Set(events.map((event) => event.id)).size).toBe(expected.length)

      for (const event of events) expect(event.data.organization_id).toBe(org.id)
      const byType = (type: string) => events.filter((event) => event.type === type)
      expect(byType('api_token.rotated')[0]?.data).toMatchObject({
        target: { type: 'api_token', id: rotating.id, name: rotating.name },
      })
      expect(byType('api_token.revoked_leaked')[0]?.data).toMatchObject({
        target: { type: 'api_token', id: leaked.id },
      })
      expect(byType('member.role_changed')[0]?.data).toMatchObject({
        target: { id: heir.id },
      })
      expect(byType('api_token.expiring').map((event) => event.data.details)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ expires_in: '7 days' }),
          expect.objectContaining({ expires_in: '1 day' }),
        ]),
      )
      for (const type of ['api_token.expiring', 'api_token.expired'])
        for (const event of byType(type))
          expect(event.data).toMatchObject({ target: { type: 'api_token', id: expiring.body.id } })
      // Ids and names only: no value of any token made here, and nothing token-shaped at all.
      const bodies = receiver.received.slice(from).map((received) => received.body)
      for (const value of [
        rotating.token,
        rotated.body.token,
        leaked.token,
        doomed.token,
        expiring.body.token,
      ])
        for (const body of bodies) expect(body).not.toContain(value)
      for (const body of bodies) expect(body).not.toMatch(/gtok_/)
    }, 60_000)

    it('sends only the events a webhook subscribed to, and nothing once it is deleted', async () => {
      const gh = gatehouse()
      const owner = await signUpAndLogIn(gh, 'Picky Owner')
      const org = await createOrganization(gh, owner)
      const webhook = await call(gh, 'POST', `/organization/${org.id}/webhook`, {
        as: owner.as,
        body: { url: `${receiver.url}/deleted-only`, events: ['api_token.deleted'] },
      })
      expect(webhook.status).toBe(201)
      const from = receiver.received.length
      const token = await createApiToken(gh, org, 'viewer')
      await call(gh, 'DELETE', `/organization/${org.id}/apiToken/${token.id}`, { as: owner.as })
      const events = await eventsSince(from, webhook.body.secret, (seen) => seen.length >= 1)
      expect(events.map((event) => event.type)).toEqual(['api_token.deleted'])

      expect(
        (await call(gh, 'DELETE', `/organization/${org.id}/webhook/${webhook.body.id}`, { as: owner.as }))
          .status,
      ).toBe(204)
      const after = receiver.received.length
      const second = await createApiToken(gh, org, 'viewer')
      await call(gh, 'DELETE', `/organization/${org.id}/apiToken/${second.id}`, { as: owner.as })
      await new Promise((resolve) => setTimeout(resolve, 1500))
      expect(receiver.received.length).toBe(after)
    }, 30_000)
  },
  { GATEHOUSE_WEBHOOK_ALLOW_PRIVATE: '1' },
)

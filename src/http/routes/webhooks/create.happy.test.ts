import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { call, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'
import {
  receivedAtLeast,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../../../test/support/webhook-receiver.ts'

describeEachDatabase(
  'POST /organization/{id}/webhook: happy',
  (gatehouse) => {
    let receiver: WebhookReceiver
    beforeAll(async () => {
      receiver = await startWebhookReceiver()
    })
    afterAll(() => receiver.close())

    it('answers the webhook and its signing secret once, and sends the events it asked for, signed', async () => {
      const owner = await signUpAndLogIn(gatehouse(), 'Webhook Owner')
      const org = await createOrganization(gatehouse(), owner)
      const created = await call(gatehouse(), 'POST', `/organization/${org.id}/webhook`, {
        as: owner.as,
        body: { url: `${receiver.url}/hooks?x=1`, events: ['api_token.created'], description: 'CI alerts' },
      })
      expect(created.status).toBe(201)
      expect(created.body).toMatchObject({
        url: `${receiver.url}/hooks?x=1`,
        events: ['api_token.created'],
        description: 'CI alerts',
        enabled: true,
        disabled_reason: null,
        failing_since: null,
      })
      expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/)

      const before = receiver.received.length
      const token = await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken`, {
        as: owner.as,
        body: { name: 'deploy', role_id: org.roles.viewer },
      })
      expect(token.status).toBe(201)
      // A deletion is an event this webhook did not ask for: not sent.
      await call(gatehouse(), 'DELETE', `/organization/${org.id}/apiToken/${token.body.id}`, { as: owner.as })
      const received = (await receivedAtLeast(receiver, before + 1)).slice(before)
      await new Promise((resolve) => setTimeout(resolve, 1500))
      expect(receiver.received.slice(before)).toHaveLength(1)
      const [delivery] = received
      const event = new Webhook(created.body.secret).verify(
        delivery?.body ?? '',
        delivery?.headers ?? {},
      ) as {
        type: string
        data: Record<string, unknown>
      }
      expect(event.type).toBe('api_token.created')
      expect(event.data).toMatchObject({
        organization_id: org.id,
        target: { type: 'api_token', id: token.body.id, name: 'deploy' },
        actor: { type: 'user', id: owner.id, name: 'Webhook Owner' },
        details: { role_name: 'viewer' },
      })
      // Ids and names only: never the token's value.
      expect(delivery?.body).not.toContain(token.body.token)
      expect(delivery?.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/)
      expect(delivery?.headers['content-type']).toBe('application/json')

      const list = await call(
        gatehouse(),
        'GET',
        `/organization/${org.id}/webhook/${created.body.id}/delivery`,
        {
          as: owner.as,
        },
      )
      expect(list.status).toBe(200)
      expect(list.body.results).toHaveLength(1)
      expect(list.body.results[0]).toMatchObject({
        event_type: 'api_token.created',
        event_id: delivery?.headers['webhook-id'],
        status: 'delivered',
        attempts: 1,
        last_status_code: 204,
        last_error: null,
        next_attempt_at: null,
      })
      expect(list.body.results[0].last_duration_ms).toBeGreaterThanOrEqual(0)
    })
  },
  { GATEHOUSE_WEBHOOK_ALLOW_PRIVATE: '1' },
)

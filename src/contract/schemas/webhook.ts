import { type Static, Type } from 'typebox'
import {
  WEBHOOK_SECRET_GRACE_MAX_SECONDS,
  WEBHOOK_URL_MAX_LENGTH,
  webhookEventTypes,
} from '../../core/webhook-events.ts'
import {
  Body,
  Description,
  listPageFields,
  NullableTimestamp,
  named,
  Params,
  Timestamp,
  Uuid,
} from '../common.ts'

export { WEBHOOK_SECRET_GRACE_MAX_SECONDS, WEBHOOK_URL_MAX_LENGTH }

const EventType = Type.Unsafe<(typeof webhookEventTypes)[number]>({
  type: 'string',
  enum: webhookEventTypes,
  description: 'An event a webhook can subscribe to',
})

const Events = Type.Array(EventType, {
  minItems: 1,
  maxItems: webhookEventTypes.length,
  uniqueItems: true,
  description: `The events to send: ${webhookEventTypes.join(', ')}`,
})

const WebhookUrl = Type.String({
  minLength: 1,
  maxLength: WEBHOOK_URL_MAX_LENGTH,
  description:
    'An https:// URL that does not resolve to a loopback, private, link-local or metadata address (checked again at every delivery, after DNS)',
})

const WebhookFields = {
  id: Uuid,
  created_at: Timestamp,
  updated_at: Timestamp,
  url: Type.String(),
  description: Type.String(),
  events: Type.Array(Type.String()),
  enabled: Type.Boolean({ description: 'False once disabled, by a person or after 3 days of failures' }),
  disabled_reason: Type.Union([Type.String(), Type.Null()], {
    description: 'Why it is disabled; null while enabled',
  }),
  failing_since: Type.Union([Timestamp, Type.Null()], {
    description: 'Since when every delivery has failed; null while the last one worked',
  }),
  previous_secret_expires_at: Type.Union([Timestamp, Type.Null()], {
    description: 'After a rotation: until when the previous secret signs too',
  }),
}

export const Webhook = named('Webhook', Type.Object(WebhookFields))
export type Webhook = Static<typeof Webhook>

/** The only shapes that carry the signing secret: a creation's answer, and a rotation's. */
export const WebhookCreated = named(
  'WebhookCreated',
  Type.Object({
    ...WebhookFields,
    secret: Type.String({
      description:
        'The signing secret (whsec_…), for verifying the webhook-signature header. In this answer only.',
    }),
  }),
)
export type WebhookCreated = Static<typeof WebhookCreated>

export const WebhookSecret = named(
  'WebhookSecret',
  Type.Object({
    secret: Type.String({ description: 'The new signing secret (whsec_…). In this answer only.' }),
    previous_secret_expires_at: NullableTimestamp,
  }),
)
export type WebhookSecret = Static<typeof WebhookSecret>

export const WebhookCreateRequest = named(
  'WebhookCreateRequest',
  Body({ url: WebhookUrl, events: Events, description: Type.Optional(Description) }),
)
export type WebhookCreateRequest = Static<typeof WebhookCreateRequest>

export const WebhookUpdateRequest = named(
  'WebhookUpdateRequest',
  Type.Object(
    {
      url: Type.Optional(WebhookUrl),
      events: Type.Optional(Events),
      description: Type.Optional(Description),
      enabled: Type.Optional(
        Type.Boolean({ description: 'false disables it; true enables it again and clears its failures' }),
      ),
    },
    { additionalProperties: false, minProperties: 1 },
  ),
)
export type WebhookUpdateRequest = Static<typeof WebhookUpdateRequest>

export const WebhookSecretRotateRequest = named(
  'WebhookSecretRotateRequest',
  Body({
    grace_period_seconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: WEBHOOK_SECRET_GRACE_MAX_SECONDS,
        description:
          'How long the previous secret signs too (a second signature), 0 to 604800 (default 86400)',
      }),
    ),
  }),
)

export const WebhookDelivery = named(
  'WebhookDelivery',
  Type.Object({
    id: Uuid,
    created_at: Timestamp,
    event_id: Type.String({ description: 'The webhook-id header: the same on every attempt' }),
    event_type: Type.String(),
    status: Type.Unsafe<'pending' | 'delivered' | 'failed'>({
      type: 'string',
      enum: ['pending', 'delivered', 'failed'],
      description: 'pending: waiting for its next attempt; failed: retried for 24 h in vain',
    }),
    attempts: Type.Integer(),
    last_status_code: Type.Union([Type.Integer(), Type.Null()], {
      description: "The receiver's HTTP status at the last attempt; null when none came back",
    }),
    last_error: Type.Union([Type.String(), Type.Null()], {
      description: 'What went wrong at the last attempt, in words',
    }),
    last_duration_ms: Type.Union([Type.Integer(), Type.Null()]),
    last_attempt_at: NullableTimestamp,
    next_attempt_at: Type.Union([Timestamp, Type.Null()], { description: 'null unless pending' }),
    delivered_at: NullableTimestamp,
  }),
)
export type WebhookDelivery = Static<typeof WebhookDelivery>

export const WebhookParams = Params({ organizationId: Uuid, webhookId: Uuid })
export const WebhookDeliveryParams = Params({ organizationId: Uuid, webhookId: Uuid, deliveryId: Uuid })
export const ListWebhooksQuery = Params(listPageFields('webhooks'))
export const ListWebhookDeliveriesQuery = Params(listPageFields('deliveries'))

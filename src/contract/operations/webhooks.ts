import { OrganizationParams, PageOf } from '../common.ts'
import { defineOperation, tags } from '../operation.ts'
import {
  ListWebhookDeliveriesQuery,
  ListWebhooksQuery,
  Webhook,
  WebhookCreated,
  WebhookCreateRequest,
  WebhookDelivery,
  WebhookDeliveryParams,
  WebhookParams,
  WebhookSecret,
  WebhookSecretRotateRequest,
  WebhookUpdateRequest,
} from '../schemas/webhook.ts'

const security = ['apiToken', 'session'] as const

export const listWebhooks = defineOperation({
  operationId: 'listWebhooks',
  method: 'GET',
  path: '/organization/{organizationId}/webhook',
  tag: tags.webhooks,
  summary: "The organization's webhooks, oldest first, a page at a time (never their secrets)",
  security,
  params: OrganizationParams,
  query: ListWebhooksQuery,
  success: { status: 200, description: 'One page of webhooks', schema: PageOf(Webhook) },
  errors: [403, 404],
})

export const createWebhook = defineOperation({
  operationId: 'createWebhook',
  method: 'POST',
  path: '/organization/{organizationId}/webhook',
  tag: tags.webhooks,
  summary: 'Add a webhook; its signing secret is in this answer only',
  description:
    'Deliveries are signed per the Standard Webhooks specification (webhook-id, webhook-timestamp, webhook-signature), retried with backoff for 24 h, and the webhook is disabled after 3 days of failures.',
  security,
  params: OrganizationParams,
  body: WebhookCreateRequest,
  success: { status: 201, description: 'The new webhook and its signing secret', schema: WebhookCreated },
  errors: [404],
})

export const getWebhook = defineOperation({
  operationId: 'getWebhook',
  method: 'GET',
  path: '/organization/{organizationId}/webhook/{webhookId}',
  tag: tags.webhooks,
  summary: 'A webhook (never its secret)',
  security,
  params: WebhookParams,
  success: { status: 200, description: 'The webhook', schema: Webhook },
  errors: [403, 404],
})

export const updateWebhook = defineOperation({
  operationId: 'updateWebhook',
  method: 'PATCH',
  path: '/organization/{organizationId}/webhook/{webhookId}',
  tag: tags.webhooks,
  summary: 'Change a webhook: its URL, events, description, or whether it is enabled',
  security,
  params: WebhookParams,
  body: WebhookUpdateRequest,
  success: { status: 200, description: 'The webhook as changed', schema: Webhook },
  errors: [404],
})

export const deleteWebhook = defineOperation({
  operationId: 'deleteWebhook',
  method: 'DELETE',
  path: '/organization/{organizationId}/webhook/{webhookId}',
  tag: tags.webhooks,
  summary: 'Delete a webhook and its deliveries: nothing more is sent to it',
  security,
  params: WebhookParams,
  success: { status: 204, description: 'Deleted' },
  errors: [404],
})

export const rotateWebhookSecret = defineOperation({
  operationId: 'rotateWebhookSecret',
  method: 'POST',
  path: '/organization/{organizationId}/webhook/{webhookId}/rotateSecret',
  tag: tags.webhooks,
  summary: 'Give a webhook a new signing secret, in this answer only',
  description:
    'The previous secret signs every delivery too (a second signature in webhook-signature) for grace_period_seconds, so receivers can switch without missing an event.',
  security,
  params: WebhookParams,
  body: WebhookSecretRotateRequest,
  success: { status: 200, description: 'The new signing secret', schema: WebhookSecret },
  errors: [404],
})

export const testWebhook = defineOperation({
  operationId: 'testWebhook',
  method: 'POST',
  path: '/organization/{organizationId}/webhook/{webhookId}/test',
  tag: tags.webhooks,
  summary: 'Send a webhook.test event now and answer how it went',
  description:
    'The test event is sent at once (10 s at most), like any other delivery: signed, and retried later if it fails.',
  security,
  params: WebhookParams,
  success: { status: 200, description: 'The delivery, after its first attempt', schema: WebhookDelivery },
  errors: [404],
})

export const listWebhookDeliveries = defineOperation({
  operationId: 'listWebhookDeliveries',
  method: 'GET',
  path: '/organization/{organizationId}/webhook/{webhookId}/delivery',
  tag: tags.webhooks,
  summary: "A webhook's deliveries, newest first, a page at a time (kept 30 days)",
  security,
  params: WebhookParams,
  query: ListWebhookDeliveriesQuery,
  success: { status: 200, description: 'One page of deliveries', schema: PageOf(WebhookDelivery) },
  errors: [403, 404],
})

export const resendWebhookDelivery = defineOperation({
  operationId: 'resendWebhookDelivery',
  method: 'POST',
  path: '/organization/{organizationId}/webhook/{webhookId}/delivery/{deliveryId}/resend',
  tag: tags.webhooks,
  summary: 'Send a delivery again now (same event, same webhook-id) and answer how it went',
  security,
  params: WebhookDeliveryParams,
  success: { status: 200, description: 'The delivery, after this attempt', schema: WebhookDelivery },
  errors: [404],
})

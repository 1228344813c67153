/**
 * The events a webhook can subscribe to, in one catalogue: the API validates subscriptions
 * against it, the console offers it, and the outbox writes only these. `<resource>.<event>`.
 * Payloads carry ids and names, never a token value.
 */
export const webhookEvents = {
  'api_token.created': 'An API token was created',
  'api_token.deleted': 'An API token was deleted',
  'api_token.expiring': 'An API token expires in 7 days, then in 1 day (once each)',
  'api_token.expired': 'An API token reached its expiry',
  'api_token.revoked_leaked': 'An API token was reported leaked and revoked',
  'api_token.rotated': 'An API token was given a new value',
  'member.added': 'A member joined the organization',
  'member.removed': 'A member was removed',
  'member.role_changed': "A member's role changed",
  'organization.ownership_transferred': 'The organization has a new owner',
} as const

export type WebhookEventType = keyof typeof webhookEvents
export const webhookEventTypes = Object.keys(webhookEvents) as WebhookEventType[]

/**
 * Audit actions that are also webhook events, under the event's name: the audit record and the
 * event are written together (services/audit.ts), so no change that is audited can forget its
 * event. Keyed by name, not by the AuditAction type, so that an action added by other work
 * (api_token.rotated, api_token.revoked_leaked) is delivered as soon as it is recorded.
 * api_token.expiring and api_token.expired come from the expiry scan (services/webhooks/expiry.ts),
 * at the moment they happen rather than when an expired token is next seen.
 */
export const webhookEventOfAuditAction: Readonly<Record<string, WebhookEventType>> = {
  'api_token.created': 'api_token.created',
  'api_token.deleted': 'api_token.deleted',
  'api_token.rotated': 'api_token.rotated',
  'api_token.revoked_leaked': 'api_token.revoked_leaked',
  'member.joined': 'member.added',
  'member.removed': 'member.removed',
  'member.role_changed': 'member.role_changed',
  'organization.ownership_transferred': 'organization.ownership_transferred',
}

export function isWebhookEventType(name: string): name is WebhookEventType {
  return Object.hasOwn(webhookEvents, name)
}

/**
 * A delivery's state in words, the same in the console and the CLI: the API's `pending` is either
 * waiting for its first attempt or retrying after a failed one, which a person reads differently.
 */
export function deliveryStatusWords(delivery: {
  status: 'pending' | 'delivered' | 'failed'
  attempts: number
}): 'sending' | 'retrying' | 'delivered' | 'failed' {
  if (delivery.status === 'pending') return delivery.attempts === 0 ? 'sending' : 'retrying'
  return delivery.status
}

/** How long a webhook's previous signing secret may keep signing after a rotation: a week. */
export const WEBHOOK_SECRET_GRACE_MAX_SECONDS = 7 * 24 * 3600

/** The longest receiver URL a webhook may have. */
export const WEBHOOK_URL_MAX_LENGTH = 2048

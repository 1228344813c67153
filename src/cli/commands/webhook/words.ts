import type { Webhook, WebhookDelivery, Wire } from '../../../contract/index.ts'
import { deliveryStatusWords } from '../../../contract/values.ts'

/** "enabled", "failing since 2026-12-01 10:00", or "disabled: <why>". */
export function webhookStateWords(
  webhook: Pick<Wire<Webhook>, 'enabled' | 'disabled_reason' | 'failing_since'>,
  date: (iso: string) => string,
): string {
  if (!webhook.enabled) return `disabled${webhook.disabled_reason ? `: ${webhook.disabled_reason}` : ''}`
  return webhook.failing_since ? `failing since ${date(webhook.failing_since)}` : 'enabled'
}

/** One delivery's outcome in a sentence: "delivered (HTTP 204, 12 ms, 1 attempt)". */
export function deliveryOutcomeWords(delivery: Wire<WebhookDelivery>): string {
  const attempts = `${delivery.attempts} attempt${delivery.attempts === 1 ? '' : 's'}`
  const facts = [
    delivery.last_status_code !== null ? `HTTP ${delivery.last_status_code}` : undefined,
    delivery.last_duration_ms !== null ? `${delivery.last_duration_ms} ms` : undefined,
    attempts,
  ].filter(Boolean)
  const status = deliveryStatusWords(delivery)
  const error = status !== 'delivered' && delivery.last_error ? `: ${delivery.last_error}` : ''
  return `${status} (${facts.join(', ')})${error}`
}

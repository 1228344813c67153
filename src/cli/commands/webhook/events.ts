import type { WebhookEventType } from '../../../contract/index.ts'
import { webhookEventTypes } from '../../../contract/values.ts'
import { usageError } from '../../errors.ts'

/** --event is repeatable and takes comma-separated lists too. */
export const collectEvents = (value: string, previous: string[] = []) => [
  ...previous,
  ...value
    .split(',')
    .map((event) => event.trim())
    .filter(Boolean),
]

/**
 * The events --event or --all-events name, checked against the catalogue before anything is sent
 * (a typo is the command line's mistake, not the server's refusal). `api_token.*` takes every
 * event of a resource.
 */
export function eventsFromFlags(options: { event?: string[]; allEvents?: boolean }): WebhookEventType[] {
  if (options.allEvents) return [...webhookEventTypes]
  const wanted = options.event ?? []
  if (wanted.length === 0)
    throw usageError(
      `Say which events to send: --event <type> (repeatable), or --all-events. Types: ${webhookEventTypes.join(', ')}.`,
    )
  const chosen = new Set<WebhookEventType>()
  for (const event of wanted) {
    const matches = event.endsWith('.*')
      ? webhookEventTypes.filter((type) => type.startsWith(event.slice(0, -1)))
      : webhookEventTypes.filter((type) => type === event)
    if (matches.length === 0)
      throw usageError(`Unknown event "${event}" (one of: ${webhookEventTypes.join(', ')}).`)
    for (const match of matches) chosen.add(match)
  }
  return [...chosen]
}

/** The URL as the server wants it (https://), checked here so a typo is a usage error. */
export function checkWebhookUrl(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw usageError(`--url must be a URL, got "${url}".`)
  }
  if (parsed.protocol !== 'https:') throw usageError(`--url must be an https:// URL, got "${url}".`)
  return url
}

import type { GatehouseClient } from '../../../client/index.ts'
import type { Webhook, Wire } from '../../../contract/index.ts'
import { usageError } from '../../errors.ts'
import type { OutputOptions } from '../../output.ts'
import { withSpinner } from '../../output.ts'

/** Every webhook of the organization (every page: an organization has a handful). */
export async function listAllWebhooks(
  client: GatehouseClient,
  organizationId: string,
  options: OutputOptions,
): Promise<Wire<Webhook>[]> {
  const { results } = await withSpinner('Loading webhooks', options, () =>
    client.listAll('listWebhooks', { organizationId }, { pageSize: 1000 }),
  )
  return results
}

/**
 * A webhook by id or by URL (webhooks have no name: the URL is what a person knows them by). A
 * URL held by two webhooks, or one that matches nothing, is a usage error, as for names elsewhere.
 */
export async function findWebhook(
  client: GatehouseClient,
  organizationId: string,
  wanted: string,
  options: OutputOptions,
): Promise<Wire<Webhook>> {
  const webhooks = await listAllWebhooks(client, organizationId, options)
  const key = wanted.trim()
  const byId = webhooks.find((webhook) => webhook.id.toLowerCase() === key.toLowerCase())
  if (byId) return byId
  const byUrl = webhooks.filter((webhook) => webhook.url === key)
  if (byUrl.length === 1) return byUrl[0] as Wire<Webhook>
  if (byUrl.length > 1)
    throw usageError(`Several webhooks send to ${key}: use the id (see \`gatehouse webhook list\`).`)
  throw usageError(`No webhook "${key}" (see \`gatehouse webhook list\`).`)
}

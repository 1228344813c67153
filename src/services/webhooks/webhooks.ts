import { randomBytes, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { invalidInput, notFound } from '../../core/errors.ts'
import { refuseDirectionControls } from '../../core/names.ts'
import type { Page, PageRequest } from '../../core/paging.ts'
import type { RequestContext } from '../../core/principal.ts'
import { refuseSecretsInText } from '../../core/secrets.ts'
import type { WebhookEventType } from '../../core/webhook-events.ts'
import type { Database } from '../../store/schema.ts'
import { authorize } from '../authorize.ts'
import type { Deps } from '../deps.ts'
import { readPage } from '../paging.ts'
import { withOrganization } from '../write-path.ts'
import { webhookLabel } from './delivery.ts'
import { refusedUrl } from './sender.ts'

export interface WebhookSummary {
  id: string
  created_at: Date
  updated_at: Date
  url: string
  description: string
  events: string[]
  enabled: boolean
  disabled_reason: string | null
  failing_since: Date | null
  previous_secret_expires_at: Date | null
}

export interface WebhookDeliverySummary {
  id: string
  created_at: Date
  event_id: string
  event_type: string
  status: 'pending' | 'delivered' | 'failed'
  attempts: number
  last_status_code: number | null
  last_error: string | null
  last_duration_ms: number | null
  last_attempt_at: Date | null
  next_attempt_at: Date | null
  delivered_at: Date | null
}

/** What sends a delivery at once (the process's worker), for the test and resend routes. */
export interface DeliverNow {
  deliverNow(deliveryId: string): Promise<boolean>
}

const DEFAULT_SECRET_GRACE_SECONDS = 24 * 3600

const webhookColumns = [
  'id',
  'created_at',
  'updated_at',
  'url',
  'description',
  'events',
  'enabled',
  'disabled_reason',
  'failing_since',
  'previous_secret_expires_at',
] as const

/** A Standard Webhooks signing secret: whsec_ and 24 random bytes in base64. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`
}

export async function createWebhook(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  input: { url: string; events: WebhookEventType[]; description?: string | undefined },
): Promise<WebhookSummary & { secret: string }> {
  const secret = generateWebhookSecret()
  return withOrganization(deps, ctx, organizationId, 'webhooks:manage', { lock: 'share' }, async (trx) => {
    checkWebhookInput(deps, input)
    const row = await trx
      .insertInto('webhooks')
      .values({
        organization_id: organizationId,
        url: input.url,
        description: input.description ?? '',
        events: [...new Set(input.events)],
        secret,
      })
      .returning(webhookColumns)
      .executeTakeFirstOrThrow()
    return {
      value: { ...row, secret },
      audit: {
        action: 'webhook.created',
        target: { type: 'webhook', id: row.id, name: webhookLabel(row.url) },
        details: { events: row.events },
      },
    }
  })
}

/** Oldest first, a page at a time; never the secrets. */
export async function listWebhooks(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  page: PageRequest,
): Promise<Page<WebhookSummary>> {
  await authorize(deps.db, ctx.principal, organizationId, 'webhooks:manage')
  return readPage(
    deps.db
      .selectFrom('webhooks')
      .select(webhookColumns.map((column) => `webhooks.${column}` as const))
      .where('webhooks.organization_id', '=', organizationId),
    {
      list: 'webhooks',
      scope: organizationId,
      sortColumn: 'webhooks.created_at',
      idColumn: 'webhooks.id',
      direction: 'asc',
    },
    page,
  )
}

export async function getWebhook(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  webhookId: string,
): Promise<WebhookSummary> {
  await authorize(deps.db, ctx.principal, organizationId, 'webhooks:manage')
  return findWebhook(deps.db, organizationId, webhookId)
}

export async function updateWebhook(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  webhookId: string,
  input: { url?: string; events?: WebhookEventType[]; description?: string; enabled?: boolean },
): Promise<WebhookSummary> {
  return withOrganization(deps, ctx, organizationId, 'webhooks:manage', { lock: 'share' }, async (trx) => {
    checkWebhookInput(deps, input)
    const before = await findWebhook(trx, organizationId, webhookId, { forUpdate: true })
    const now = deps.now()
    const enabling = input.enabled === true && !before.enabled
    const row = await trx
      .updateTable('webhooks')
      .set({
        ...(input.url !== undefined ? { url: input.url } : {}),
        ...(input.events !== undefined ? { events: [...new Set(input.events)] } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.enabled === false ? { enabled: false, disabled_reason: 'Disabled by a person.' } : {}),
        // Enabled again: a fresh start, its past failures forgiven.
        ...(enabling ? { enabled: true, disabled_reason: null, failing_since: null } : {}),
        updated_at: now,
      })
      .where('id', '=', webhookId)
      .returning(webhookColumns)
      .executeTakeFirstOrThrow()
    const changed = Object.keys(input).filter(
      (key) =>
        JSON.stringify(input[key as keyof typeof input]) !==
        JSON.stringify(before[key as keyof WebhookSummary]),
    )
    return {
      value: row,
      audit:
        changed.length === 0
          ? []
          : {
              action: 'webhook.updated',
              target: { type: 'webhook', id: row.id, name: webhookLabel(row.url) },
              details: { changed },
            },
    }
  })
}

export async function deleteWebhook(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  webhookId: string,
): Promise<void> {
  await withOrganization(deps, ctx, organizationId, 'webhooks:manage', { lock: 'share' }, async (trx) => {
    const deleted = await trx
      .deleteFrom('webhooks')
      .where('id', '=', webhookId)
      .where('organization_id', '=', organizationId)
      .returning(['id', 'url'])
      .executeTakeFirst()
    if (!deleted) throw notFound('Webhook')
    return {
      value: undefined,
      audit: {
        action: 'webhook.deleted',
        target: { type: 'webhook', id: deleted.id, name: webhookLabel(deleted.url) },
      },
    }
  })
}

/**
 * A new signing secret, shown in this answer only. The previous one keeps signing (a second
 * signature) for `graceSeconds`, so receivers switch over without missing an event.
 */
export async function rotateWebhookSecret(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  webhookId: string,
  graceSeconds = DEFAULT_SECRET_GRACE_SECONDS,
): Promise<{ secret: string; previous_secret_expires_at: Date | null }> {
  const secret = generateWebhookSecret()
  return withOrganization(deps, ctx, organizationId, 'webhooks:manage', { lock: 'share' }, async (trx) => {
    const current = await trx
      .selectFrom('webhooks')
      .select(['id', 'url', 'secret'])
      .where('id', '=', webhookId)
      .where('organization_id', '=', organizationId)
      .forUpdate()
      .executeTakeFirst()
    if (!current) throw notFound('Webhook')
    const expiresAt = graceSeconds > 0 ? new Date(deps.now().getTime() + graceSeconds * 1000) : null
    await trx
      .updateTable('webhooks')
      .set({
        secret,
        previous_secret: expiresAt ? current.secret : null,
        previous_secret_expires_at: expiresAt,
        updated_at: deps.now(),
      })
      .where('id', '=', webhookId)
      .execute()
    return {
      value: { secret, previous_secret_expires_at: expiresAt },
      audit: {
        action: 'webhook.secret_rotated',
        target: { type: 'webhook', id: current.id, name: webhookLabel(current.url) },
        details: { grace_period_seconds: graceSeconds },
      },
    }
  })
}

/** Newest first, a page at a time. */
export async function listWebhookDeliveries(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  webhookId: string,
  page: PageRequest,
): Promise<Page<WebhookDeliverySummary>> {
  await authorize(deps.db, ctx.principal, organizationId, 'webhooks:manage')
  await findWebhook(deps.db, organizationId, webhookId)
  const result = await readPage(
    deliveriesOf(deps.db).where('webhook_deliveries.webhook_id', '=', webhookId),
    {
      list: 'webhook_deliveries',
      scope: webhookId,
      sortColumn: 'webhook_deliveries.created_at',
      idColumn: 'webhook_deliveries.id',
      direction: 'desc',
    },
    page,
  )
  return { ...result, results: result.results.map(presentDelivery) }
}

/** A webhook.test event to this webhook alone, sent at once; answers the delivery after it. */
export async function testWebhook(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  webhookId: string,
  worker: DeliverNow,
): Promise<WebhookDeliverySummary> {
  const now = deps.now()
  const deliveryId = await withOrganization(
    deps,
    ctx,
    organizationId,
    'webhooks:manage',
    { lock: 'share' },
    async (trx) => {
      await findWebhook(trx, organizationId, webhookId)
      const body = {
        type: 'webhook.test',
        timestamp: now.toISOString(),
        data: { organization_id: organizationId, webhook_id: webhookId },
      }
      const row = await trx
        .insertInto('webhook_deliveries')
        .values({
          webhook_id: webhookId,
          organization_id: organizationId,
          event_id: `msg_${randomUUID().replaceAll('-', '')}`,
          event_type: 'webhook.test',
          payload: JSON.stringify(body),
          next_attempt_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return { value: row.id, audit: [] }
    },
  )
  await worker.deliverNow(deliveryId)
  return findDelivery(deps.db, webhookId, deliveryId)
}

/** Sends a delivery again now (the same event and webhook-id), whatever became of it. */
export async function resendWebhookDelivery(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  webhookId: string,
  deliveryId: string,
  worker: DeliverNow,
): Promise<WebhookDeliverySummary> {
  await withOrganization(deps, ctx, organizationId, 'webhooks:manage', { lock: 'share' }, async (trx) => {
    await findWebhook(trx, organizationId, webhookId)
    const reopened = await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', next_attempt_at: deps.now() })
      .where('id', '=', deliveryId)
      .where('webhook_id', '=', webhookId)
      .returning('id')
      .executeTakeFirst()
    if (!reopened) throw notFound('Delivery')
    return { value: undefined, audit: [] }
  })
  await worker.deliverNow(deliveryId)
  return findDelivery(deps.db, webhookId, deliveryId)
}

async function findWebhook(
  db: Kysely<Database>,
  organizationId: string,
  webhookId: string,
  options: { forUpdate?: boolean } = {},
): Promise<WebhookSummary> {
  const query = db
    .selectFrom('webhooks')
    .select(webhookColumns)
    .where('id', '=', webhookId)
    .where('organization_id', '=', organizationId)
  const row = await (options.forUpdate ? query.forUpdate() : query).executeTakeFirst()
  if (!row) throw notFound('Webhook')
  return row
}

function deliveriesOf(db: Kysely<Database>) {
  return db
    .selectFrom('webhook_deliveries')
    .select([
      'webhook_deliveries.id',
      'webhook_deliveries.created_at',
      'webhook_deliveries.event_id',
      'webhook_deliveries.event_type',
      'webhook_deliveries.status',
      'webhook_deliveries.attempts',
      'webhook_deliveries.last_status_code',
      'webhook_deliveries.last_error',
      'webhook_deliveries.last_duration_ms',
      'webhook_deliveries.last_attempt_at',
      'webhook_deliveries.next_attempt_at',
      'webhook_deliveries.delivered_at',
    ])
}

async function findDelivery(db: Kysely<Database>, webhookId: string, deliveryId: string) {
  const row = await deliveriesOf(db)
    .where('webhook_deliveries.id', '=', deliveryId)
    .where('webhook_deliveries.webhook_id', '=', webhookId)
    .executeTakeFirst()
  if (!row) throw notFound('Delivery')
  return presentDelivery(row)
}

function presentDelivery<T extends { status: string; next_attempt_at: Date | null }>(row: T) {
  return {
    ...row,
    status: row.status as WebhookDeliverySummary['status'],
    next_attempt_at: row.status === 'pending' ? row.next_attempt_at : null,
  }
}

/** The URL must be HTTPS and not point inside the network (checked again, after DNS, at each send). */
function checkWebhookInput(
  deps: Pick<Deps, 'config'>,
  input: { url?: string; description?: string | undefined },
) {
  if (input.url !== undefined) {
    const refused = refusedUrl(input.url, deps.config.webhookAllowPrivate)
    if (refused) throw invalidInput(`The webhook URL ${refused}.`, [{ field: 'body.url', message: refused }])
    refuseSecretsInText({ url: input.url })
  }
  if (input.description !== undefined) {
    refuseSecretsInText({ description: input.description })
    refuseDirectionControls({ description: input.description })
  }
}

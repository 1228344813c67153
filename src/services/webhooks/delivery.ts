import { type Kysely, sql } from 'kysely'
import type { Database, WebhookDeliveriesTable } from '../../store/schema.ts'
import { recordAudit } from '../audit.ts'
import { isDatabaseUnavailable } from '../db-errors.ts'
import type { Deps } from '../deps.ts'
import { scanTokenExpiries } from './expiry.ts'
import { type DeliveryOutcome, type SenderOptions, sendWebhook, WEBHOOK_TIMEOUT_MS } from './sender.ts'

/** A delivery is retried for this long after its event, then marked failed. */
export const RETRY_FOR_MS = 24 * 3600_000
/** A webhook whose deliveries have all failed for this long is disabled (and the trail says so). */
export const DISABLE_AFTER_MS = 3 * 24 * 3600_000
/** The first retry waits about this long; each later one twice as long, up to MAX_BACKOFF_MS. */
export const FIRST_BACKOFF_MS = 30_000
export const MAX_BACKOFF_MS = 2 * 3600_000
/**
 * A process holds a delivery it is sending for this long: past the send's timeout, with a
 * margin. A process killed mid-send lets its claims go by themselves, and another process (or
 * the same one restarted) sends them again, with the same webhook-id so that the receiver can
 * tell a repeat.
 */
export const CLAIM_MS = WEBHOOK_TIMEOUT_MS + 5_000
/** Deliveries claimed at once by one process. */
const CLAIM_BATCH = 20
/** How often each process looks for due deliveries, and for tokens about to expire. */
export const POLL_MS = 1000
const EXPIRY_SCAN_EVERY_MS = 60_000

/**
 * How long to wait before attempt `attempts + 1`: doubling from FIRST_BACKOFF_MS, capped, with
 * "equal jitter" (between half and all of it) so that failures of many deliveries at once do not
 * come back at once.
 */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const exponential = Math.min(FIRST_BACKOFF_MS * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS)
  return Math.round(exponential / 2 + random() * (exponential / 2))
}

type DeliveryRow = Pick<
  WebhookDeliveriesTable,
  'webhook_id' | 'organization_id' | 'event_id' | 'event_type'
> & {
  id: string
  payload: Record<string, unknown>
  attempts: number
  created_at: Date
  url: string
  secret: string
  previous_secret: string | null
  previous_secret_expires_at: Date | null
}

export interface DeliveryLog {
  debug(object: object, message: string): void
  info(object: object, message: string): void
  warn(object: object, message: string): void
}

export interface DeliveryMetrics {
  delivered(outcome: 'delivered' | 'retrying' | 'failed', durationMs: number): void
}

export interface WebhookWorkerOptions extends Omit<SenderOptions, 'allowPrivate'> {
  random?: () => number
  metrics?: DeliveryMetrics
}

type WorkerDeps = Pick<Deps, 'db' | 'config' | 'now'>

/**
 * Claims due deliveries (every process runs one: FOR UPDATE SKIP LOCKED hands each row to one of
 * them), sends them, and writes down how it went. Between the claim and the outcome a delivery is
 * held for CLAIM_MS; the send itself runs outside any transaction.
 */
export class WebhookWorker {
  readonly #deps: WorkerDeps
  readonly #log: DeliveryLog
  readonly #options: WebhookWorkerOptions
  readonly #inFlight = new Set<Promise<unknown>>()
  #timer: NodeJS.Timeout | undefined
  #running = false
  #stopped = false
  #lastExpiryScan = Number.NEGATIVE_INFINITY

  constructor(deps: WorkerDeps, log: DeliveryLog, options: WebhookWorkerOptions = {}) {
    // Bound to the database it was started on: the worker runs beside requests, not inside them.
    this.#deps = { db: deps.db, config: deps.config, now: deps.now }
    this.#log = log
    this.#options = options
  }

  /** Polls every POLL_MS until stopped (the timer does not keep the process alive). */
  start(): void {
    const tick = () => {
      this.#timer = setTimeout(async () => {
        await this.runOnce().catch((error: unknown) => {
          // An outage is announced once by the process (store/postgres/availability.ts); a warning
          // from every poll during it would bury that line.
          if (isDatabaseUnavailable(error))
            this.#log.debug({ err: error }, 'webhook deliveries wait for the database')
          else this.#log.warn({ err: error }, 'webhook deliveries could not be claimed; trying again')
        })
        if (!this.#stopped) tick()
      }, POLL_MS)
      this.#timer.unref()
    }
    tick()
  }

  /**
   * Stops claiming, and waits for the sends in flight to finish and their outcomes to be written
   * (each send ends within its 10 s timeout). A send cut short by the process's end is sent again
   * once its claim runs out.
   */
  async stop(): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    await Promise.allSettled([...this.#inFlight])
  }

  /** One round: tokens about to expire (once a minute), then a batch of due deliveries. */
  async runOnce(): Promise<number> {
    if (this.#running || this.#stopped) return 0
    this.#running = true
    try {
      const now = this.#deps.now()
      if (now.getTime() - this.#lastExpiryScan >= EXPIRY_SCAN_EVERY_MS) {
        this.#lastExpiryScan = now.getTime()
        await scanTokenExpiries(this.#deps.db, now)
      }
      const claimed = await claimDue(this.#deps.db, now)
      await Promise.all(claimed.map((row) => this.#track(this.#deliver(row))))
      return claimed.length
    } finally {
      this.#running = false
    }
  }

  /**
   * Sends one delivery now, whatever its schedule (a test event, a resend), unless another send of
   * it is under way. Answers whether it was sent.
   */
  async deliverNow(deliveryId: string): Promise<boolean> {
    const row = await claim(this.#deps.db, this.#deps.now(), { id: deliveryId })
    const only = row[0]
    if (!only) return false
    await this.#track(this.#deliver(only))
    return true
  }

  async #track<T>(work: Promise<T>): Promise<T> {
    this.#inFlight.add(work)
    try {
      return await work
    } finally {
      this.#inFlight.delete(work)
    }
  }

  async #deliver(row: DeliveryRow): Promise<void> {
    const sentAt = this.#deps.now()
    const secrets = [row.secret]
    if (row.previous_secret && row.previous_secret_expires_at && row.previous_secret_expires_at > sentAt)
      secrets.push(row.previous_secret)
    const outcome = await sendWebhook(
      row.url,
      { id: row.event_id, timestamp: sentAt, body: JSON.stringify(row.payload), secrets },
      { ...this.#options, allowPrivate: this.#deps.config.webhookAllowPrivate },
    )
    const result = await recordOutcome(this.#deps, row, outcome, this.#options.random)
    this.#options.metrics?.delivered(result, outcome.durationMs)
    if (result === 'failed')
      this.#log.warn(
        { webhookId: row.webhook_id, eventId: row.event_id },
        'a webhook delivery is given up: it failed for 24 h, or its webhook is disabled',
      )
  }
}

/** Due deliveries of enabled webhooks, claimed by this process: nobody else gets them meanwhile. */
function claimDue(db: Kysely<Database>, now: Date): Promise<DeliveryRow[]> {
  return claim(db, now, { due: true })
}

async function claim(db: Kysely<Database>, now: Date, which: { due: true } | { id: string }) {
  const claimedUntil = new Date(now.getTime() + CLAIM_MS)
  const result = await db
    .updateTable('webhook_deliveries as d')
    .from('webhooks as w')
    .set((eb) => ({
      claimed_until: claimedUntil,
      attempts: eb('d.attempts', '+', 1),
      last_attempt_at: now,
    }))
    .whereRef('w.id', '=', 'd.webhook_id')
    .where('d.id', 'in', (eb) => {
      let pick = eb
        .selectFrom('webhook_deliveries as p')
        .innerJoin('webhooks as pw', 'pw.id', 'p.webhook_id')
        .select('p.id')
        .where('p.status', '=', 'pending')
        .where('pw.enabled', '=', true)
        .where((e) => e.or([e('p.claimed_until', 'is', null), e('p.claimed_until', '<', now)]))
      pick = 'id' in which ? pick.where('p.id', '=', which.id) : pick.where('p.next_attempt_at', '<=', now)
      return pick.orderBy('p.next_attempt_at').limit(CLAIM_BATCH).forUpdate('p').skipLocked()
    })
    .returning([
      'd.id',
      'd.webhook_id',
      'd.organization_id',
      'd.event_id',
      'd.event_type',
      'd.payload',
      'd.attempts',
      'd.created_at',
      'w.url',
      'w.secret',
      'w.previous_secret',
      'w.previous_secret_expires_at',
    ])
    .execute()
  return result as DeliveryRow[]
}

/**
 * Writes down an attempt: delivered; or failed and due again after a backoff; or failed for good
 * once retried for RETRY_FOR_MS. A webhook whose deliveries have all failed for DISABLE_AFTER_MS
 * is disabled, its waiting deliveries marked failed, and the audit trail says so, once.
 */
async function recordOutcome(
  deps: WorkerDeps,
  row: DeliveryRow,
  outcome: DeliveryOutcome,
  random?: () => number,
): Promise<'delivered' | 'retrying' | 'failed'> {
  const now = deps.now()
  const attempt = {
    claimed_until: null,
    last_status_code: outcome.statusCode,
    last_duration_ms: outcome.durationMs,
    last_error: outcome.ok ? null : outcome.error.slice(0, 500),
  }
  // Both paths lock the webhook's row before the delivery's: two outcomes of one webhook written
  // at once (two processes, or one batch) then wait for each other instead of deadlocking, since
  // disabling a webhook also writes its other deliveries.
  if (outcome.ok) {
    await deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('webhooks')
        .set({ failing_since: null })
        .where('id', '=', row.webhook_id)
        .where('failing_since', 'is not', null)
        .execute()
      await trx
        .updateTable('webhook_deliveries')
        .set({ ...attempt, status: 'delivered', delivered_at: now })
        .where('id', '=', row.id)
        .execute()
    })
    return 'delivered'
  }
  const givenUp = now.getTime() - row.created_at.getTime() >= RETRY_FOR_MS
  return deps.db.transaction().execute(async (trx) => {
    const webhook = await trx
      .updateTable('webhooks')
      .set({ failing_since: sql`coalesce(failing_since, ${now}::timestamptz)` })
      .where('id', '=', row.webhook_id)
      .returning(['failing_since', 'enabled', 'url'])
      .executeTakeFirst()
    const disablesNow = Boolean(
      webhook?.enabled &&
        webhook.failing_since &&
        now.getTime() - webhook.failing_since.getTime() >= DISABLE_AFTER_MS,
    )
    // A webhook disabled meanwhile (by another outcome) retries nothing either.
    const failed = givenUp || disablesNow || !webhook?.enabled
    await trx
      .updateTable('webhook_deliveries')
      .set({
        ...attempt,
        status: failed ? 'failed' : 'pending',
        next_attempt_at: new Date(now.getTime() + backoffMs(row.attempts, random)),
      })
      .where('id', '=', row.id)
      .execute()
    if (disablesNow) await disableFailingWebhook(trx, row, webhook?.url ?? '', now)
    return failed ? 'failed' : 'retrying'
  })
}

async function disableFailingWebhook(trx: Kysely<Database>, row: DeliveryRow, url: string, now: Date) {
  const reason = 'Every delivery failed for 3 days.'
  await trx
    .updateTable('webhooks')
    .set({ enabled: false, disabled_reason: reason, updated_at: now })
    .where('id', '=', row.webhook_id)
    .execute()
  await trx
    .updateTable('webhook_deliveries')
    .set({ status: 'failed', last_error: 'The webhook was disabled.', claimed_until: null })
    .where('webhook_id', '=', row.webhook_id)
    .where('status', '=', 'pending')
    .where('id', '!=', row.id)
    .execute()
  await recordAudit(
    trx,
    { system: true },
    {
      organizationId: row.organization_id,
      action: 'webhook.disabled',
      target: { type: 'webhook', id: row.webhook_id, name: webhookLabel(url) },
      details: { reason },
    },
  )
}

/** How a webhook is named in the audit trail and logs: its origin only, since a receiver's path
 *  or query may itself be a secret (as in many chat services' incoming-webhook URLs). */
export function webhookLabel(url: string): string {
  try {
    return new URL(url).origin
  } catch {
    return 'webhook'
  }
}

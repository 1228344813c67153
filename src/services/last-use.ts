import { type Kysely, sql } from 'kysely'
import type { Database, LastUsedFrom } from '../store/schema.ts'

/** A process writes a token's last use at most this often. */
export const LAST_USE_FLUSH_INTERVAL_MS = 60_000
/** How many distinct client addresses a token remembers, newest first. */
export const LAST_USED_FROM_MAX = 5
/** Tokens written per statement. The embedded database runs a statement on the event loop's own
 *  thread, every request waiting meanwhile: 500 tokens held it for 22-28 ms, 100 for about a fifth
 *  of that. PostgreSQL runs it elsewhere, and fewer statements suit it better. */
export const FLUSH_BATCH = { pglite: 100, postgres: 500 } as const

interface Use {
  lastUsedAt: number
  /** Address -> when it was last seen (ms); at most LAST_USED_FROM_MAX kept. The last address's
   *  own time is `lastAddressAt`, written into the map only when it is read (see `settled`): a
   *  use from the same address as the one before changes two numbers, and no map. */
  from: Map<string, number>
  /** The client address of the last use, as presented and as kept: already last in `from`. */
  lastIp?: string
  lastAddress?: string
  lastAddressAt?: number
  /** Still in the recorder's pending map (not yet taken by a flush). */
  pending: boolean
}

/** A token's uses not written yet, as `record` returns it: handed back to the next `record` of
 *  the same token (the authentication cache keeps it beside the credential), it saves that call
 *  its map lookup while it is still pending. Opaque outside this module. */
export type PendingUse = { readonly pending: boolean }

/**
 * A token's last use (when, and from which addresses), recorded without putting a database
 * write on the request's path: `record` only updates this process's memory, and `flushDue`
 * (called by a timer, see `start`) writes each token's uses at most once per
 * LAST_USE_FLUSH_INTERVAL_MS, many tokens per statement; `flushAll` writes the rest at shutdown.
 * Several processes merge their uses in the database (the latest time wins, the five most recent
 * addresses are kept). A crash loses at most a minute of last-use times, never a request.
 *
 * Time is read from `now` (injected): tests drive it without sleeping.
 */
export class LastUseRecorder {
  readonly #db: Kysely<Database>
  readonly #now: () => number
  /** Uses not written yet, by token id. */
  #pending = new Map<string, Use>()
  /** When this process last wrote each token (ms); forgotten once older than the interval. */
  readonly #flushedAt = new Map<string, number>()
  #flushing: Promise<number> | undefined
  #timer: NodeJS.Timeout | undefined

  readonly #batchSize: number

  constructor(db: Kysely<Database>, now: () => number, batchSize: number = FLUSH_BATCH.postgres) {
    this.#db = db
    this.#now = now
    this.#batchSize = batchSize
  }

  /** On the request path: a field or two, and a map lookup unless `known` is still pending. */
  record(tokenId: string, ip: string, nowMs: number, known?: PendingUse): PendingUse {
    let use = known?.pending ? (known as Use) : this.#pending.get(tokenId)
    // The common case, a pipeline calling from where it called last time: that address is
    // already the most recent one, and only the time moves.
    if (use?.lastIp === ip && use.lastAddress !== undefined) {
      if (nowMs > use.lastUsedAt) use.lastUsedAt = nowMs
      use.lastAddressAt = nowMs
      return use
    }
    const address = withoutIpv4Mapping(ip)
    if (!use) {
      use = { lastUsedAt: nowMs, from: new Map(), pending: true }
      this.#pending.set(tokenId, use)
    } else settled(use)
    if (nowMs > use.lastUsedAt) use.lastUsedAt = nowMs
    // Delete first so that the map's order stays "least recently seen first".
    use.from.delete(address)
    use.from.set(address, nowMs)
    if (use.from.size > LAST_USED_FROM_MAX) use.from.delete(use.from.keys().next().value as string)
    use.lastIp = ip
    use.lastAddress = address
    use.lastAddressAt = nowMs
    return use
  }

  /** This process's uses of a token not yet written, to show on top of what the database has. */
  pendingOf(tokenId: string): { lastUsedAt: Date; from: LastUsedFrom[] } | undefined {
    const use = this.#pending.get(tokenId)
    return use && { lastUsedAt: new Date(use.lastUsedAt), from: fromList(settled(use).from) }
  }

  /** Writes the tokens not written by this process within the interval. Returns how many. */
  flushDue(): Promise<number> {
    return this.#flush(false)
  }

  /** Writes every pending use (at shutdown). */
  flushAll(): Promise<number> {
    return this.#flush(true)
  }

  /** Checks every `tickMs` for uses due to be written; the timer does not keep the process alive. */
  start(tickMs = 1000, onError: (error: unknown) => void = () => {}): void {
    this.#timer ??= setInterval(() => this.flushDue().catch(onError), tickMs)
    this.#timer.unref()
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = undefined
    await this.flushAll()
  }

  async #flush(all: boolean): Promise<number> {
    // One flush at a time: a slow database must not pile statements up behind each other.
    while (this.#flushing) await this.#flushing.catch(() => {})
    this.#flushing = this.#write(all)
    try {
      return await this.#flushing
    } finally {
      this.#flushing = undefined
    }
  }

  async #write(all: boolean): Promise<number> {
    const nowMs = this.#now()
    for (const [tokenId, at] of this.#flushedAt) {
      if (nowMs - at >= LAST_USE_FLUSH_INTERVAL_MS) this.#flushedAt.delete(tokenId)
    }
    const due: Array<[string, Use]> = []
    for (const entry of this.#pending) {
      if (all || !this.#flushedAt.has(entry[0])) due.push(entry)
    }
    for (const [tokenId, use] of due) {
      this.#pending.delete(tokenId)
      use.pending = false
      settled(use)
      this.#flushedAt.set(tokenId, nowMs)
    }
    for (let start = 0; start < due.length; start += this.#batchSize) {
      const batch = due.slice(start, start + this.#batchSize)
      try {
        await writeUses(this.#db, batch)
      } catch (error) {
        // Not written: keep them (merged with any use since) for the next attempt.
        for (const [tokenId, use] of due.slice(start)) {
          this.#flushedAt.delete(tokenId)
          this.#pending.set(tokenId, mergeUses(use, this.#pending.get(tokenId)))
        }
        throw error
      }
    }
    return due.length
  }
}

function mergeUses(older: Use, newer: Use | undefined): Use {
  if (!newer) {
    older.pending = true
    return older
  }
  settled(newer).pending = false
  const from = new Map([...older.from, ...newer.from].sort((a, b) => a[1] - b[1]).slice(-LAST_USED_FROM_MAX))
  return { lastUsedAt: Math.max(older.lastUsedAt, newer.lastUsedAt), from, pending: true }
}

/** The use with its last address's time written into `from` (where `record` leaves it out). */
function settled(use: Use): Use {
  if (use.lastAddress !== undefined && use.lastAddressAt !== undefined)
    use.from.set(use.lastAddress, use.lastAddressAt)
  return use
}

function fromList(from: Map<string, number>): LastUsedFrom[] {
  return [...from]
    .sort((a, b) => b[1] - a[1])
    .map(([ip, at]) => ({ ip, last_used_at: new Date(at).toISOString() }))
}

/**
 * One statement for a batch of tokens: each row takes the later of its last use and ours, and the
 * five most recent of its addresses and ours (an address in both keeps its later time). The batch
 * travels as one JSON document, read the same way by PostgreSQL and the embedded database.
 */
async function writeUses(db: Kysely<Database>, batch: Array<[string, Use]>): Promise<void> {
  const rows = batch.map(([id, use]) => ({
    id,
    used_at: new Date(use.lastUsedAt).toISOString(),
    used_from: fromList(use.from),
  }))
  await sql`
    update api_tokens as t set
      last_used_at = greatest(t.last_used_at, u.used_at),
      last_used_from = (
        select coalesce(
          jsonb_agg(
            jsonb_build_object(
              'ip', m.ip,
              'last_used_at', to_char(m.seen at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
            ) order by m.seen desc
          ),
          '[]'::jsonb
        )
        from (
          select ip, max(seen) as seen
          from (
            select e->>'ip' as ip, (e->>'last_used_at')::timestamptz as seen
            from jsonb_array_elements(t.last_used_from) as e
            union all
            select e->>'ip', (e->>'last_used_at')::timestamptz
            from jsonb_array_elements(u.used_from) as e
          ) as both_lists
          group by ip
          order by seen desc
          limit ${LAST_USED_FROM_MAX}
        ) as m
      )
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as u(id uuid, used_at timestamptz, used_from jsonb)
    where t.id = u.id`.execute(db)
}

/** `::ffff:10.1.2.3` (an IPv4 client on a dual-stack socket) is shown as `10.1.2.3`. */
function withoutIpv4Mapping(ip: string): string {
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip) ? ip.slice(7) : ip
}

import { randomUUID } from 'node:crypto'
import pg from 'pg'
import {
  type DeliveryOptions,
  type Envelope,
  LEASE_MS,
  type Lease,
  MESSAGE_CHANNEL,
  MESSAGES_MAY_BE_LOST,
  type MessageBus,
  notificationOf,
  type OutgoingMessage,
  openEnvelope,
} from '../bus.ts'
import type { Availability } from './availability.ts'

/** Each process confirms on this channel that it has applied a message. */
const ACK_CHANNEL = 'gatehouse_invalidate_ack'
/** Each process pings itself on this channel, which every other process hears too. */
const PING_CHANNEL = 'gatehouse_ping'
/** Listener connections are named so, which tells a process which others are listening. */
const LISTENER_APPLICATION_PREFIX = 'gatehouse-listener:'
/** Three pings per lease: one late or lost ping does not turn the cache off. */
const PING_EVERY_MS = 150
/**
 * A process heard pinging within this long before a revocation's check is waited for. The lease
 * argument (see `delivered`) needs LEASE_MS; the margin is for the time a ping spends in flight.
 */
const PEER_WINDOW_MS = LEASE_MS + 250
const RECONNECT_AFTER_MS = 1000
/** A message whose transaction rolled back is never waited for: forgotten after this long. */
const FORGET_AFTER_MS = 60_000

export interface PostgresBus extends MessageBus {
  close(): Promise<void>
}

export interface BusOptions {
  /** How long a connection attempt, or a ping, may go unanswered before the connection is
   *  given up and another one made (GATEHOUSE_DATABASE_TIMEOUT_MS). */
  timeoutMs: number
  availability: Availability
}

/**
 * NOTIFY between processes, with acknowledgements and leases. Every process holds one LISTEN
 * connection named `gatehouse-listener:<its id>`, answers each other process's message on
 * ACK_CHANNEL once applied (its own it confirms to itself on receipt), and pings itself through
 * that connection every PING_EVERY_MS: each ping that comes back renews the lease of its caches
 * (bus.ts, LEASE_MS), so a connection that stops delivering without closing turns the caches off
 * within LEASE_MS, long before any heartbeat could notice.
 */
export function postgresBus(pool: pg.Pool, databaseUrl: string, options: BusOptions): PostgresBus {
  const { timeoutMs, availability } = options
  let listener: pg.Client | undefined
  /** When the current LISTEN connection began listening (performance.now()); +Infinity: none. */
  let listeningSince = Number.POSITIVE_INFINITY
  let stopPinging = () => {}
  let closing = false
  let pingSequence = 0
  const processId = randomUUID()
  /** Message id -> the processes that confirmed it, and a callback to re-check a waiter. */
  const acknowledgements = new Map<string, { by: Set<string>; publishedAt: number; recheck?: () => void }>()
  /** Other processes' ids -> when one of their pings last reached us (performance.now()). */
  const peers = new Map<string, number>()

  function prepare(payload: string): OutgoingMessage {
    const id = randomUUID()
    const now = Date.now()
    for (const [key, entry] of acknowledgements)
      if (now - entry.publishedAt > FORGET_AFTER_MS) acknowledgements.delete(key)
    forgetSilentPeers()
    acknowledgements.set(id, { by: new Set(), publishedAt: now })
    return { id, notification: notificationOf(MESSAGE_CHANNEL, { id, payload } satisfies Envelope) }
  }

  /**
   * Waits for the acknowledgement of this process, of every process heard pinging lately, and of
   * every listener PostgreSQL lists. Why that is enough to answer early: a process B still
   * serving its cache at some moment t renewed its lease with a ping sent after t - LEASE_MS.
   * If that ping committed after the message, B received the message first (notifications
   * arrive in commit order) and evicted. If it committed before, it also reached this process
   * before the message did (this process's own acknowledgement is the message's arrival on its
   * listener), so at the check B counts as heard within PEER_WINDOW_MS and its acknowledgement
   * is required. And when the wait gives up after `timeoutMs` > LEASE_MS, every lease granted
   * before the message has run out (bus.ts, REVOCATION_WAIT_MS).
   */
  async function delivered(
    messageId: string,
    timeoutMs: number,
    options: DeliveryOptions = {},
  ): Promise<boolean> {
    const entry = acknowledgements.get(messageId)
    // Unknown (published too long ago): no answer can be counted, but the wait still bounds how
    // long any other process may go on trusting what it cached before the message.
    if (!entry) return new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs))
    return new Promise<boolean>((resolve) => {
      /** Listeners PostgreSQL lists, once it has answered: counted in as well, for any process
       *  that acknowledges without pinging. */
      let listed: string[] | undefined
      const finish = (ok: boolean) => {
        clearTimeout(timer)
        acknowledgements.delete(messageId)
        resolve(ok)
      }
      const timer = setTimeout(() => finish(false), timeoutMs)
      entry.recheck = () => {
        if (listed === undefined) return
        const heardSince = performance.now() - PEER_WINDOW_MS
        const expected = [processId, ...listed]
        for (const [peer, heardAt] of peers) if (heardAt >= heardSince) expected.push(peer)
        if (expected.every((id) => entry.by.has(id))) finish(true)
      }
      // Pings sent before this process's connection began listening never reached it: within
      // PEER_WINDOW_MS of that, the pings heard may not name every process serving its cache, and
      // PostgreSQL's list of listeners is what does (a process serving its cache is listening).
      const heardEveryPeer = performance.now() - listeningSince >= PEER_WINDOW_MS
      if (options.listedListeners === false && heardEveryPeer) {
        listed = []
        entry.recheck()
        return
      }
      pool
        .query<{ application_name: string }>(
          `SELECT application_name FROM pg_stat_activity
            WHERE datname = current_database() AND application_name LIKE $1`,
          [`${LISTENER_APPLICATION_PREFIX}%`],
        )
        .then(
          ({ rows }) => rows.map((row) => row.application_name.slice(LISTENER_APPLICATION_PREFIX.length)),
          // Unlisted, the pings heard still name every process that may trust its cache.
          () => [],
        )
        .then((ids) => {
          listed = ids
          entry.recheck?.()
        })
    })
  }

  /** An acknowledgement heard on ACK_CHANNEL: `{ id, by }`, or `{ ids, by }` for several. */
  function acknowledge(text: string) {
    try {
      const { id, ids, by } = JSON.parse(text) as { id?: unknown; ids?: unknown; by?: unknown }
      if (typeof by !== 'string') return
      if (typeof id === 'string') confirmed(id, by)
      if (Array.isArray(ids)) for (const each of ids) if (typeof each === 'string') confirmed(each, by)
    } catch {}
  }

  function confirmed(id: string, by: string) {
    const entry = acknowledgements.get(id)
    if (!entry) return
    entry.by.add(by)
    entry.recheck?.()
  }

  /** Acknowledgements of other processes' messages not sent yet: a burst of messages (a run of
   *  token creations elsewhere) is answered in one NOTIFY, not one each. */
  let acknowledgementsToSend: string[] = []

  function sendAcknowledgement(client: pg.Client, id: string) {
    acknowledgementsToSend.push(id)
    if (acknowledgementsToSend.length > 1) return
    setImmediate(() => {
      const ids = acknowledgementsToSend
      acknowledgementsToSend = []
      // NOTIFY payloads stop at 8,000 bytes: ids of 36 characters, 150 at a time.
      for (let start = 0; start < ids.length; start += 150) {
        const chunk = ids.slice(start, start + 150)
        const payload = chunk.length === 1 ? { id: chunk[0], by: processId } : { ids: chunk, by: processId }
        client.query('SELECT pg_notify($1, $2)', [ACK_CHANNEL, JSON.stringify(payload)]).catch(() => {})
      }
    })
  }

  /**
   * Holds one LISTEN connection for the life of the process. While it is down, notifications are
   * lost, so the caller is told (MESSAGES_MAY_BE_LOST) and must forget its caches; attempts to
   * reconnect go on every second until one succeeds and its first ping comes back. A connection
   * that hangs (a firewall dropping it silently, a frozen backend) stops renewing the lease at
   * once, and is given up once no ping has come back for `timeoutMs`.
   */
  async function listen(onMessage: (payload: string) => void, trust: (lease: Lease) => void): Promise<void> {
    const connect = async () => {
      if (closing) return
      const client = new pg.Client({
        connectionString: databaseUrl,
        application_name: `${LISTENER_APPLICATION_PREFIX}${processId}`,
        connectionTimeoutMillis: timeoutMs,
        keepAlive: true,
        query_timeout: timeoutMs,
      })
      let lost = false
      let pinger: NodeJS.Timeout | undefined
      /** This connection's pings in flight: sequence number -> when it was sent. A ping sent on
       *  an earlier connection proves nothing about this one, so it is not found here. */
      const pending = new Map<number, number>()
      let lastProof = performance.now()
      let proven = false

      const onLost = (error: unknown) => {
        clearInterval(pinger)
        if (lost || closing) return
        lost = true
        if (listener === client) {
          listener = undefined
          listeningSince = Number.POSITIVE_INFINITY
        }
        trust(MESSAGES_MAY_BE_LOST)
        availability.failed('notifications', error)
        // With a query in flight pg destroys the socket rather than wait for a goodbye.
        client.end().catch(() => {})
        setTimeout(() => connect().catch(() => {}), RECONNECT_AFTER_MS).unref()
      }

      const heardPing = (text: string) => {
        const [from, sequenceText] = text.split(' ')
        if (!from) return
        const now = performance.now()
        if (from !== processId) {
          peers.set(from, now)
          return
        }
        const sequence = Number(sequenceText)
        const sentAt = pending.get(sequence)
        if (sentAt === undefined) return
        for (const earlier of pending.keys()) if (earlier <= sequence) pending.delete(earlier)
        lastProof = now
        if (!proven) {
          proven = true
          availability.worked('notifications')
        }
        trust(sentAt + LEASE_MS)
      }

      const ping = () => {
        const now = performance.now()
        if (now - lastProof > timeoutMs) {
          return onLost(new Error(`no notification came back for ${Math.round(now - lastProof)} ms`))
        }
        const sequence = ++pingSequence
        pending.set(sequence, now)
        client.query('SELECT pg_notify($1, $2)', [PING_CHANNEL, `${processId} ${sequence}`]).catch(onLost)
      }

      client.on('notification', (msg) => {
        if (msg.payload === undefined) return
        if (msg.channel === PING_CHANNEL) return heardPing(msg.payload)
        if (msg.channel === ACK_CHANNEL) return acknowledge(msg.payload)
        if (msg.channel !== MESSAGE_CHANNEL) return
        const envelope = openEnvelope(msg.payload)
        // Unreadable: hand it on as is (the cache then forgets everything, the safe answer).
        onMessage(envelope ? envelope.payload : msg.payload)
        if (!envelope) return
        // Our own message, back on our own connection: every ping committed before it has
        // reached us first (notifications come in commit order), which is all our own
        // acknowledgement stands for in \`delivered\`. It needs no round trip through PostgreSQL.
        if (acknowledgements.has(envelope.id)) confirmed(envelope.id, processId)
        else sendAcknowledgement(client, envelope.id)
      })
      client.on('error', onLost)
      client.on('end', () => onLost(new Error('Connection terminated')))
      try {
        await client.connect()
        await client.query(`LISTEN ${MESSAGE_CHANNEL}`)
        await client.query(`LISTEN ${ACK_CHANNEL}`)
        await client.query(`LISTEN ${PING_CHANNEL}`)
      } catch (error) {
        onLost(error)
        throw error
      }
      if (closing) {
        await client.end().catch(() => {})
        return
      }
      listener = client
      listeningSince = performance.now()
      lastProof = performance.now()
      ping()
      pinger = setInterval(ping, PING_EVERY_MS).unref()
      stopPinging = () => clearInterval(pinger)
    }
    await connect()
  }

  function forgetSilentPeers() {
    const before = performance.now() - FORGET_AFTER_MS
    for (const [peer, heardAt] of peers) if (heardAt < before) peers.delete(peer)
  }

  return {
    listen,
    prepare,
    delivered,
    async close() {
      closing = true
      stopPinging()
      await listener?.end().catch(() => {})
    },
  }
}

import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { type Envelope, MESSAGE_CHANNEL, type MessageBus, notify, openEnvelope } from '../bus.ts'

/** Each process confirms on this channel that it has applied a message. */
const ACK_CHANNEL = 'gatehouse_invalidate_ack'
/** Listener connections are named so, which tells a process which others are listening. */
const LISTENER_APPLICATION_PREFIX = 'gatehouse-listener:'
const HEARTBEAT_MS = 20_000
/** A message whose transaction rolled back is never waited for: forgotten after this long. */
const FORGET_AFTER_MS = 60_000

export interface PostgresBus extends MessageBus {
  close(): Promise<void>
}

/**
 * NOTIFY between processes, with acknowledgements: every process holds one LISTEN connection
 * named `gatehouse-listener:<its id>`, answers each message on ACK_CHANNEL once applied, and a
 * publisher waits for the answers of every listener it can see in pg_stat_activity.
 */
export function postgresBus(pool: pg.Pool, databaseUrl: string): PostgresBus {
  let listener: pg.Client | undefined
  let closing = false
  const processId = randomUUID()
  /** Message id -> the processes that confirmed it, and a callback to re-check a waiter. */
  const acknowledgements = new Map<string, { by: Set<string>; publishedAt: number; recheck?: () => void }>()

  async function publish(trx: Parameters<MessageBus['publish']>[0], payload: string): Promise<string> {
    const id = randomUUID()
    const now = Date.now()
    for (const [key, entry] of acknowledgements)
      if (now - entry.publishedAt > FORGET_AFTER_MS) acknowledgements.delete(key)
    acknowledgements.set(id, { by: new Set(), publishedAt: now })
    await notify(trx, MESSAGE_CHANNEL, { id, payload } satisfies Envelope)
    return id
  }

  async function delivered(messageId: string, timeoutMs: number): Promise<boolean> {
    const { rows } = await pool.query<{ application_name: string }>(
      `SELECT application_name FROM pg_stat_activity
        WHERE datname = current_database() AND application_name LIKE $1`,
      [`${LISTENER_APPLICATION_PREFIX}%`],
    )
    const expected = rows.map((row) => row.application_name.slice(LISTENER_APPLICATION_PREFIX.length))
    const entry = acknowledgements.get(messageId)
    if (!entry) return false
    return new Promise<boolean>((resolve) => {
      const finish = (ok: boolean) => {
        clearTimeout(timer)
        acknowledgements.delete(messageId)
        resolve(ok)
      }
      const timer = setTimeout(() => finish(false), timeoutMs)
      entry.recheck = () => {
        if (expected.every((id) => entry.by.has(id))) finish(true)
      }
      entry.recheck()
    })
  }

  function acknowledge(text: string) {
    try {
      const { id, by } = JSON.parse(text) as { id: string; by: string }
      const entry = acknowledgements.get(id)
      if (!entry || typeof by !== 'string') return
      entry.by.add(by)
      entry.recheck?.()
    } catch {}
  }

  /**
   * Holds one LISTEN connection for the life of the process. While it is down, notifications are
   * lost, so the caller is told (`listening(false)`) and must stop trusting its caches; attempts
   * to reconnect go on every second until one succeeds (`listening(true)`). The connection is
   * idle by design, so a firewall could drop it silently: TCP keepalive plus a query every
   * HEARTBEAT_MS (answered within 5 s) detect that.
   */
  async function listen(
    onMessage: (payload: string) => void,
    listening: (up: boolean) => void,
  ): Promise<void> {
    const connect = async () => {
      if (closing) return
      const client = new pg.Client({
        connectionString: databaseUrl,
        application_name: `${LISTENER_APPLICATION_PREFIX}${processId}`,
        connectionTimeoutMillis: 5000,
        keepAlive: true,
        query_timeout: 5000,
      })
      let lost = false
      let heartbeat: NodeJS.Timeout | undefined
      const onLost = () => {
        clearInterval(heartbeat)
        if (lost || closing) return
        lost = true
        listening(false)
        client.end().catch(() => {})
        setTimeout(() => connect().catch(() => {}), 1000).unref()
      }
      client.on('notification', (msg) => {
        if (msg.payload === undefined) return
        if (msg.channel === ACK_CHANNEL) return acknowledge(msg.payload)
        if (msg.channel !== MESSAGE_CHANNEL) return
        const envelope = openEnvelope(msg.payload)
        // Unreadable: hand it on as is (the cache then forgets everything, the safe answer).
        onMessage(envelope ? envelope.payload : msg.payload)
        if (envelope) {
          const ack = { id: envelope.id, by: processId }
          client.query('SELECT pg_notify($1, $2)', [ACK_CHANNEL, JSON.stringify(ack)]).catch(() => {})
        }
      })
      client.on('error', onLost)
      client.on('end', onLost)
      try {
        await client.connect()
        await client.query(`LISTEN ${MESSAGE_CHANNEL}`)
        await client.query(`LISTEN ${ACK_CHANNEL}`)
      } catch (error) {
        onLost()
        throw error
      }
      if (closing) {
        await client.end().catch(() => {})
        return
      }
      heartbeat = setInterval(() => {
        client.query('SELECT 1').catch(onLost)
      }, HEARTBEAT_MS).unref()
      listener = client
      listening(true)
    }
    await connect()
  }

  return {
    listen,
    publish,
    delivered,
    async close() {
      closing = true
      await listener?.end().catch(() => {})
    },
  }
}

import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'

const tlsDir = join(import.meta.dirname, 'tls')
/** The receiver's certificate (valid for localhost, 127.0.0.1, ::1, receiver.test, rebinding.test;
 *  a test fixture, trusted only by the tests that pass it as their CA). */
export const RECEIVER_CA_PATH = join(tlsDir, 'receiver-cert.pem')
export const receiverCa = readFileSync(RECEIVER_CA_PATH)

export interface ReceivedWebhook {
  headers: Record<string, string>
  body: string
  at: number
  /** What the request was answered: a status, or 'hang' (never answered). */
  answer: number | 'hang'
}

export interface WebhookReceiver {
  /** https://127.0.0.1:<port> */
  url: string
  port: number
  received: ReceivedWebhook[]
  /** What the next requests are answered: a status, or 'hang' (no answer at all). */
  answerWith(status: number | 'hang'): void
  /** The next `count` requests get no answer at all; the ones after, what answerWith says. */
  hangNext(count: number): void
  close(): Promise<void>
}

/** An HTTPS server on loopback that records every webhook it is sent. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = []
  let answer: number | 'hang' = 204
  let hangs = 0
  const server: Server = createServer(
    { key: readFileSync(join(tlsDir, 'receiver-key.pem')), cert: receiverCa },
    (req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const headers: Record<string, string> = {}
        for (const [name, value] of Object.entries(req.headers)) headers[name] = String(value)
        const given = hangs > 0 ? 'hang' : answer
        if (hangs > 0) hangs--
        received.push({
          headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
          answer: given,
        })
        if (given === 'hang') return
        res.writeHead(given, given >= 300 && given < 400 ? { location: 'https://127.0.0.1:1/' } : {})
        res.end()
      })
    },
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    received,
    answerWith(status) {
      answer = status
    },
    hangNext(count) {
      hangs = count
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Waits until the receiver holds `count` requests (or `withinMs` passes), and answers them. */
export async function receivedAtLeast(
  receiver: WebhookReceiver,
  count: number,
  withinMs = 10_000,
): Promise<ReceivedWebhook[]> {
  const started = Date.now()
  while (receiver.received.length < count && Date.now() - started < withinMs)
    await new Promise((resolve) => setTimeout(resolve, 50))
  return receiver.received
}

import { lookup as dnsLookup } from 'node:dns/promises'
import { request } from 'node:https'
import type { LookupFunction } from 'node:net'
import { isIP } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { webhookAddressVerdict } from '../../core/network-address.ts'

/** A receiver has this long to answer, connection included; then the attempt has failed. */
export const WEBHOOK_TIMEOUT_MS = 10_000
/** Of a receiver's answer only the status matters: the rest is read up to this, then dropped. */
const MAX_ANSWER_BYTES = 64 * 1024

/** Resolves a host name to every address it has (dns.lookup with all: true, or a test's own). */
export type ResolveHost = (hostname: string) => Promise<{ address: string; family: number }[]>

export const resolveWithSystem: ResolveHost = (hostname) => dnsLookup(hostname, { all: true, verbatim: true })

export interface SenderOptions {
  /** GATEHOUSE_WEBHOOK_ALLOW_PRIVATE: loopback and private addresses are allowed. */
  allowPrivate: boolean
  resolve?: ResolveHost
  timeoutMs?: number
  /** Extra certificate authorities to trust (tests: the loopback receiver's own). */
  ca?: string | Buffer | undefined
}

export interface SignedMessage {
  /** webhook-id: the event's id, the same on every attempt. */
  id: string
  timestamp: Date
  body: string
  /** The signing secrets (whsec_…): the current one, and the previous one during a rotation. */
  secrets: string[]
}

export type DeliveryOutcome =
  | { ok: true; statusCode: number; durationMs: number }
  | { ok: false; statusCode: number | null; error: string; durationMs: number }

/** The webhook-* headers of the Standard Webhooks specification, one signature per secret. */
export function signatureHeaders(message: SignedMessage): Record<string, string> {
  const signatures = message.secrets.map((secret) =>
    new Webhook(secret).sign(message.id, message.timestamp, message.body),
  )
  return {
    'webhook-id': message.id,
    'webhook-timestamp': String(Math.floor(message.timestamp.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  }
}

/** Why a URL may not be sent to at all, whatever it resolves to; undefined if it may. */
export function refusedUrl(url: string, allowPrivate: boolean): string | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'is not a URL'
  }
  if (parsed.protocol !== 'https:') return 'must be an https:// URL'
  if (parsed.username || parsed.password) return 'must not carry a user name or password'
  const host = parsed.hostname
  if (!allowPrivate) {
    if (host === 'localhost' || host.endsWith('.localhost'))
      return 'must not point to this machine (localhost)'
    if (isIP(host.replace(/^\[|\]$/g, '')) !== 0) {
      const verdict = webhookAddressVerdict(host)
      if (!verdict.allowed) return `must not point to a ${verdict.kind} address`
    }
  }
  return undefined
}

/**
 * POSTs one signed event to `url`: HTTPS only; the host is resolved once, every address it has
 * is checked (SSRF: loopback, private, link-local, metadata and the IPv6 forms of those), and the
 * connection is made to the address that was checked, so a name that changes its answer between
 * the check and the connection (DNS rebinding) gains nothing. Redirects are not followed (a 3xx
 * is a failure). 2xx is a success; anything else, or nothing within the timeout, a failure.
 */
export async function sendWebhook(
  url: string,
  message: SignedMessage,
  options: SenderOptions,
): Promise<DeliveryOutcome> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  const refused = refusedUrl(url, options.allowPrivate)
  if (refused) return { ok: false, statusCode: null, error: `The URL ${refused}.`, durationMs: 0 }
  const target = new URL(url)
  const host = target.hostname.replace(/^\[|\]$/g, '')
  const resolve = options.resolve ?? resolveWithSystem

  let addresses: { address: string; family: number }[]
  if (isIP(host) !== 0) {
    addresses = [{ address: host, family: isIP(host) }]
  } else {
    try {
      addresses = await resolve(host)
    } catch (error) {
      return {
        ok: false,
        statusCode: null,
        error: `${host} could not be resolved (${codeOf(error)}).`,
        durationMs: elapsed(),
      }
    }
  }
  if (addresses.length === 0) {
    return { ok: false, statusCode: null, error: `${host} has no address.`, durationMs: elapsed() }
  }
  if (!options.allowPrivate) {
    for (const { address } of addresses) {
      const verdict = webhookAddressVerdict(address)
      if (!verdict.allowed) {
        return {
          ok: false,
          statusCode: null,
          error: `Refused: ${host} resolves to a ${verdict.kind} address, which webhooks may not reach.`,
          durationMs: elapsed(),
        }
      }
    }
  }
  const chosen = addresses[0] as { address: string; family: number }
  // The socket connects to the address checked above, never to a second resolution.
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all)
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [chosen])
    else callback(null, chosen.address, chosen.family)
  }
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS

  return new Promise<DeliveryOutcome>((resolveOutcome) => {
    let settled = false
    const settle = (outcome: DeliveryOutcome) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolveOutcome(outcome)
    }
    const req = request(
      target,
      {
        method: 'POST',
        lookup: pinned,
        agent: false,
        servername: isIP(host) === 0 ? host : undefined,
        ...(options.ca ? { ca: options.ca } : {}),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Gatehouse-Webhooks/1',
          ...signatureHeaders(message),
        },
      },
      (res) => {
        const statusCode = res.statusCode ?? 0
        let read = 0
        res.on('data', (chunk: Buffer) => {
          read += chunk.length
          if (read > MAX_ANSWER_BYTES) res.destroy()
        })
        const done = () => {
          if (statusCode >= 200 && statusCode < 300) settle({ ok: true, statusCode, durationMs: elapsed() })
          else
            settle({
              ok: false,
              statusCode,
              error:
                statusCode >= 300 && statusCode < 400
                  ? `The receiver answered ${statusCode} (a redirect, which is not followed).`
                  : `The receiver answered ${statusCode}.`,
              durationMs: elapsed(),
            })
        }
        res.on('end', done)
        res.on('close', done)
        res.on('error', done)
      },
    )
    const timer = setTimeout(() => {
      req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`))
    }, timeoutMs)
    req.on('error', (error) => {
      settle({
        ok: false,
        statusCode: null,
        error: `Could not deliver: ${describe(error)}.`,
        durationMs: elapsed(),
      })
    })
    req.end(message.body)
  })
}

function codeOf(error: unknown): string {
  return (error as { code?: string }).code ?? 'error'
}

/** One line for the delivery log: never a header, a secret, or the URL's path and query. */
function describe(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string }
  if (message?.startsWith('no answer within')) return message
  return code ?? message?.split('\n')[0] ?? 'unknown error'
}

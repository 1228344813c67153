import { stdSerializers } from 'pino'
import { redactSecrets } from '../core/secrets.ts'

/**
 * What pino must never write: credentials in headers and cookies, and any field that could hold
 * a token or a password. Fastify logs request headers only on demand, but an error object or a
 * debug line can carry them; this list is the safety net.
 */
export const redactionPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-gatehouse-csrf"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.token',
  '*.authorization',
  'password',
  'token',
]

/**
 * Database drivers attach the failed statement's parameters (and PGlite the query text) to their
 * errors; a parameter can be anything a client sent. Logged errors keep the message, the code and
 * the stack, never the values.
 */
export function serializeError(error: Error): {
  type: string
  message: string
  stack: string
  [key: string]: unknown
} {
  const serialized = { ...stdSerializers.err(error) } as {
    type: string
    message: string
    stack: string
    [key: string]: unknown
  }
  for (const field of ['params', 'parameters', 'query', 'detail', 'where']) delete serialized[field]
  return serialized
}

/**
 * A request as logged: method, path and client address. The query string is left out: a client
 * may put anything there (a filter holding a pasted token, say), and the path says what ran.
 * A token pasted into the path itself is redacted.
 */
export function serializeRequest(request: {
  method: string
  url: string
  ip?: string
  socket?: { remoteAddress?: string }
}) {
  return {
    method: request.method,
    path: redactSecrets(request.url.split('?')[0] as string),
    remoteAddress: request.ip ?? request.socket?.remoteAddress,
  }
}

/** pino's numeric levels, as a person reads them. */
const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
}
const LEVEL_COLORS: Record<number, string> = { 10: '90', 20: '90', 30: '32', 40: '33', 50: '31', 60: '31' }
/** Fields every line has, or that the short form already shows. */
const QUIET_FIELDS = new Set([
  'level',
  'time',
  'pid',
  'hostname',
  'msg',
  'reqId',
  'req',
  'res',
  'responseTime',
  'err',
])
/** Requests whose answer has not been logged yet; a bound, so aborted requests cannot pile up. */
const MAX_OPEN_REQUESTS = 1000

export interface PrettyLogOptions {
  /** Where the formatted lines go. */
  write: (text: string) => void
  /** ANSI colours for the level (a terminal that did not say NO_COLOR). */
  colors?: boolean
  /** Error stacks under their line (LOG_LEVEL debug or trace); otherwise the message only. */
  stacks?: boolean
}

/**
 * A pino destination for a person at a terminal: one short line per request (`GET /api/healthz
 * 200 1.4 ms`, written when it is answered), and every other line as its time, level, message
 * and fields. It reads pino's JSON lines, so redaction and the serializers have already run: it
 * can print only what the JSON log would hold. Written here rather than taken from pino-pretty
 * because the one-line-per-request form needs Fastify's two request lines joined, and pino-pretty
 * formats lines one by one (in a worker thread).
 */
export function prettyLogStream(options: PrettyLogOptions): { write: (line: string) => void } {
  const openRequests = new Map<string, string>()
  const paint = (code: string, text: string) => (options.colors ? `\u001b[${code}m${text}\u001b[0m` : text)

  function format(entry: Record<string, unknown>): string | undefined {
    const time = paint('2', clock(entry.time))
    const reqId = typeof entry.reqId === 'string' ? entry.reqId : undefined
    const req = entry.req as { method?: string; path?: string } | undefined
    if (entry.msg === 'incoming request' && reqId && req) {
      if (openRequests.size >= MAX_OPEN_REQUESTS)
        openRequests.delete(openRequests.keys().next().value as string)
      openRequests.set(reqId, `${req.method} ${req.path}`)
      return undefined
    }
    const res = entry.res as { statusCode?: number } | undefined
    if (entry.msg === 'request completed' && reqId && res) {
      const request = openRequests.get(reqId) ?? 'request'
      openRequests.delete(reqId)
      const status = res.statusCode ?? 0
      const statusText = paint(status >= 500 ? '31' : status >= 400 ? '33' : '32', String(status))
      const took = typeof entry.responseTime === 'number' ? ` ${entry.responseTime.toFixed(1)} ms` : ''
      return `${time} ${request} ${statusText}${took}`
    }
    const level = Number(entry.level)
    const label = paint(LEVEL_COLORS[level] ?? '0', (LEVEL_NAMES[level] ?? String(entry.level)).padEnd(5))
    const parts = [`${time} ${label}`]
    const during = reqId ? openRequests.get(reqId) : undefined
    if (during) parts.push(`[${during}]`)
    if (entry.msg !== undefined) parts.push(String(entry.msg))
    const err = entry.err as { type?: string; message?: string; stack?: string } | undefined
    if (err) parts.push(`${err.type ?? 'Error'}: ${err.message ?? ''}`)
    for (const [key, value] of Object.entries(entry)) {
      if (!QUIET_FIELDS.has(key))
        parts.push(`${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    }
    const line = parts.join(' ')
    return options.stacks && err?.stack ? `${line}\n${indent(err.stack)}` : line
  }

  return {
    write(line: string) {
      let entry: Record<string, unknown>
      try {
        entry = JSON.parse(line)
      } catch {
        options.write(line)
        return
      }
      const text = format(entry)
      if (text !== undefined) options.write(`${text}\n`)
    },
  }
}

function clock(time: unknown): string {
  const date = typeof time === 'number' ? new Date(time) : new Date()
  return date.toTimeString().slice(0, 8)
}

function indent(stack: string): string {
  return stack
    .split('\n')
    .map((line) => `    ${line.trimStart()}`)
    .join('\n')
}

/**
 * pino options for the server: JSON lines on stdout (pino's default) unless the format is
 * `pretty`. Redaction and the safe serializers are added by buildApp whatever is passed here.
 */
export function serverLoggerOptions(
  config: { logLevel: string; logFormat: 'pretty' | 'json' },
  out: NodeJS.WriteStream = process.stdout,
): { level: string; stream?: { write: (line: string) => void } } {
  if (config.logFormat === 'json') return { level: config.logLevel }
  const stream = prettyLogStream({
    write: (text) => out.write(text),
    colors: out.isTTY === true && !process.env.NO_COLOR,
    stacks: config.logLevel === 'debug' || config.logLevel === 'trace',
  })
  return { level: config.logLevel, stream }
}

import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import { type ProblemReason, problemReasons } from '../../core/errors.ts'

/** The headers every answer carries (see app.ts and problems.ts), written by hand here. */
const PROBLEM_HEADERS = [
  'Content-Type: application/problem+json; charset=utf-8',
  'Cache-Control: no-store',
  'X-Content-Type-Options: nosniff',
  'Referrer-Policy: no-referrer',
  "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'",
  'Connection: close',
]

/**
 * Node refuses some requests before Fastify sees them: a request line or header that is not
 * HTTP (400), headers over 16 KiB (431), a request not received in full within the request
 * timeout (408). Fastify's default answer is plain JSON without our headers; this one is
 * problem+json like every other answer, and the connection is closed (its state is unknown).
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  // The client went away (or Node already answered): there is no one to tell.
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  if (socket.writable) socket.write(problemResponse(clientErrorReason(error)))
  socket.destroy()
}

export function clientErrorReason(error: NodeJS.ErrnoException): ProblemReason {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'request_timeout'
  if (error.code === 'HPE_HEADER_OVERFLOW') return 'headers_too_large'
  return 'bad_request'
}

const DETAILS: Partial<Record<ProblemReason, string>> = {
  request_timeout: 'The request did not arrive in full in time; send it again.',
  headers_too_large: 'The request headers are larger than 16 KiB.',
  bad_request: 'The request is not valid HTTP.',
}

export function problemResponse(reason: ProblemReason): string {
  const { status, title } = problemReasons[reason]
  const body = JSON.stringify({
    type: `urn:gatehouse:problem:${reason}`,
    title,
    status,
    detail: DETAILS[reason] ?? problemReasons[reason].description,
    reason,
  })
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    ...PROBLEM_HEADERS,
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n')
}

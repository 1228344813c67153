import { stdSerializers } from 'pino'

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
 */
export function serializeRequest(request: {
  method: string
  url: string
  ip?: string
  socket?: { remoteAddress?: string }
}) {
  return {
    method: request.method,
    path: request.url.split('?')[0],
    remoteAddress: request.ip ?? request.socket?.remoteAddress,
  }
}

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

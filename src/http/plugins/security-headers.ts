import type { IncomingMessage, ServerResponse } from 'node:http'
import helmet, { type HelmetOptions } from 'helmet'
import type { App } from '../types.ts'

/**
 * Helmet's security headers, worked out once at start-up and set on every answer. Helmet's own
 * middleware parses its CSP directives and rebuilds every value on each request (a tenth of a
 * healthz request's CPU time under load); the values depend only on the options, so they are
 * recorded once, by running that very middleware against a recorder, and replayed in the same
 * order and letter case: the bytes on the wire are helmet's.
 */
export function registerSecurityHeaders(app: App, options: HelmetOptions): void {
  const headers = securityHeadersOf(options)
  app.addHook('onRequest', (_request, reply, done) => {
    const raw = reply.raw
    for (let i = 0; i < headers.length; i += 2) raw.setHeader(headers[i] as string, headers[i + 1] as string)
    done()
  })
}

/** The headers helmet sets with these options, as [name, value, name, value, ...]. */
export function securityHeadersOf(options: HelmetOptions): string[] {
  const headers: string[] = []
  const recorder = {
    setHeader(name: string, value: string | number) {
      headers.push(name, String(value))
    },
    // Helmet removes X-Powered-By, which nothing here sets.
    removeHeader() {},
  }
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error
  })
  return headers
}

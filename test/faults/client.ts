import { randomBytes } from 'node:crypto'
import { expect } from 'vitest'
import type { ServerProcess } from '../support/process.ts'

export interface TimedAnswer {
  status: number
  // biome-ignore lint/suspicious/noExplicitAny: bodies are checked by the tests that read them
  body: any
  headers: Headers
  /** From sending the request to the end of the answer. */
  ms: number
  /** When the answer ended (performance.now()). */
  at: number
}

/**
 * fetch against a server process, bounded: a request that gets no answer within `giveUpMs` is a
 * status 0 rather than a test that hangs (what "never a hang" must be measured against).
 */
export async function timed(
  base: string,
  method: string,
  path: string,
  options: { authorization?: string; body?: unknown; giveUpMs?: number } = {},
): Promise<TimedAnswer> {
  const headers: Record<string, string> = {}
  if (options.authorization) headers.authorization = options.authorization
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  const started = performance.now()
  try {
    const response = await fetch(`${base}/api${path}`, {
      method,
      headers,
      signal: AbortSignal.timeout(options.giveUpMs ?? 20_000),
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    })
    const text = await response.text()
    let body: unknown
    try {
      body = text ? JSON.parse(text) : undefined
    } catch {
      body = text
    }
    const at = performance.now()
    return { status: response.status, body, headers: response.headers, ms: at - started, at }
  } catch (error) {
    const at = performance.now()
    // Why no answer came (a timeout, a refused or reset connection): a failing assertion shows it.
    const cause = (error as { cause?: unknown }).cause ?? error
    return { status: 0, body: { noAnswer: String(cause) }, headers: new Headers(), ms: at - started, at }
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A user with an organization, signed up through `server`. */
export async function userWithOrganization(server: ServerProcess) {
  const email = `faults-${randomBytes(4).toString('hex')}@example.test`
  const password = 'password-123'
  const signup = await timed(server.url, 'POST', '/auth/signup', { body: { email, password, name: 'F' } })
  expect(signup.status, JSON.stringify(signup.body)).toBe(201)
  const login = await timed(server.url, 'POST', '/auth/login', { body: { email, password } })
  const session = `Bearer ${login.body.token}`
  const org = await timed(server.url, 'POST', '/organization', {
    authorization: session,
    body: { name: 'Faults' },
  })
  expect(org.status).toBe(201)
  return { session, organizationId: org.body.id as string }
}

export async function createToken(
  server: ServerProcess,
  owner: { session: string; organizationId: string },
  name: string,
): Promise<{ id: string; authorization: string }> {
  const created = await timed(server.url, 'POST', `/organization/${owner.organizationId}/apiToken`, {
    authorization: owner.session,
    body: { name },
  })
  expect(created.status).toBe(201)
  return { id: created.body.id, authorization: `Token ${created.body.token}` }
}

/** The JSON log lines a process wrote after `from` characters of its output. */
export function logLinesSince(server: ServerProcess, from: number): { level: number; msg: string }[] {
  return server
    .output()
    .slice(from)
    .split('\n')
    .flatMap((line) => {
      try {
        const parsed = JSON.parse(line) as { level?: unknown; msg?: unknown }
        return typeof parsed.level === 'number'
          ? [{ level: parsed.level, msg: String(parsed.msg ?? '') }]
          : []
      } catch {
        return []
      }
    })
}

export const OUTAGE_BEGINS = 'The database stopped answering'
export const OUTAGE_ENDS = 'The database answers again'

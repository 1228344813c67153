import { tokenKindOf } from '../core/token.ts'
import { ApiError, CliError, type Problem, usageError } from './errors.ts'

/** How a request proves who sends it: an organization API token, or a user's session. */
export type Credential = { scheme: 'Token' | 'Bearer'; value: string }

/** The scheme follows from the prefix alone (gtok_ or gses_); anything else is refused, not guessed. */
export function credentialFor(value: string, source: string): Credential {
  const kind = tokenKindOf(value.trim())
  if (kind === 'api_token') return { scheme: 'Token', value: value.trim() }
  if (kind === 'session') return { scheme: 'Bearer', value: value.trim() }
  throw usageError(`${source} is not a Gatehouse token: it should start with gtok_ (or gses_ for a session).`)
}

export interface RequestOptions {
  body?: unknown
  query?: Record<string, string | undefined>
}

export interface ApiClient {
  readonly baseUrl: string
  request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, options?: RequestOptions): Promise<T>
}

const REQUEST_TIMEOUT_MS = 30_000

/**
 * A thin fetch wrapper. The User-Agent starts with `gatehouse-cli/` so the server's audit trail
 * records the change as made from the CLI. Failures become CliErrors with one line of text.
 */
export function createApiClient(
  baseUrl: string,
  version: string,
  credential?: Credential,
  advice: { whenRefused?: string } = {},
): ApiClient {
  const root = baseUrl.replace(/\/+$/, '')
  return {
    baseUrl: root,
    async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
      const url = new URL(root + path)
      for (const [key, value] of Object.entries(options.query ?? {}))
        if (value !== undefined && value !== '') url.searchParams.set(key, value)
      const headers: Record<string, string> = {
        accept: 'application/json, application/problem+json',
        'user-agent': `gatehouse-cli/${version} node/${process.versions.node}`,
      }
      if (credential) headers.authorization = `${credential.scheme} ${credential.value}`
      if (options.body !== undefined) headers['content-type'] = 'application/json'
      let response: Response
      try {
        response = await fetch(url, {
          method,
          headers,
          ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        })
      } catch (error) {
        throw new CliError(`Cannot reach the Gatehouse server at ${root}: ${networkReason(error)}.`)
      }
      const text = await response.text()
      if (!response.ok) {
        const problem = parseProblem(text, response.status)
        // The server gives one reason for every refused credential; say what to do about ours.
        if (response.status === 401 && credential && advice.whenRefused)
          problem.detail = `${problem.detail ?? 'Unauthenticated.'} ${advice.whenRefused}`
        throw new ApiError(response.status, problem)
      }
      if (text === '') return undefined as T
      try {
        return JSON.parse(text) as T
      } catch {
        throw new CliError(`The server at ${root} answered with something that is not JSON: is it Gatehouse?`)
      }
    },
  }
}

function parseProblem(text: string, status: number): Problem {
  try {
    const parsed: unknown = JSON.parse(text)
    if (typeof parsed === 'object' && parsed !== null) return parsed as Problem
  } catch {
    // Not problem+json (a proxy's error page, say): say what the status means instead.
  }
  return { status, detail: `The server answered ${status} without a problem description.` }
}

function networkReason(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer within 30 seconds'
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the server running?)'
    case 'ENOTFOUND':
      return 'unknown host'
    case 'ECONNRESET':
      return 'connection reset'
  }
  return cause?.message ?? (error instanceof Error ? error.message : String(error))
}

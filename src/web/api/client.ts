import { GatehouseApiError, GatehouseClient, GatehouseConnectionError } from '../../client/index.ts'
import type { Route } from '../../contract/index.ts'
import { CSRF_COOKIE, CSRF_HEADER, tags } from '../../contract/values.ts'

/** What a call can throw: a refusal with its reason, or a server that could not be reached. */
export type RequestError = GatehouseApiError | GatehouseConnectionError

type Listener = () => void
const sessionLostListeners = new Set<Listener>()

/** Called when the server says the session is gone (401), so the app can ask to sign in again. */
export function onSessionLost(listener: Listener): () => void {
  sessionLostListeners.add(listener)
  return () => sessionLostListeners.delete(listener)
}

function csrfToken(): string {
  const pair = document.cookie.split('; ').find((part) => part.startsWith(`${CSRF_COOKIE}=`))
  return pair ? decodeURIComponent(pair.slice(CSRF_COOKIE.length + 1)) : ''
}

/**
 * The typed client as the console uses it: the session travels in its HttpOnly cookie, every
 * write echoes the CSRF cookie in its header, a 401 outside the sign-in operations means the
 * session is gone, and an unreachable server is said in words a person can act on.
 */
class ConsoleClient extends GatehouseClient {
  override async call(operation: Route, input: Record<string, unknown>): Promise<unknown> {
    try {
      return await super.call(operation, input)
    } catch (error) {
      if (error instanceof GatehouseApiError && error.status === 401 && operation.tag !== tags.authentication)
        for (const listener of sessionLostListeners) listener()
      if (error instanceof GatehouseConnectionError && error.code !== 'not_gatehouse')
        throw new GatehouseConnectionError(
          error.code,
          'The server could not be reached. Check your connection and try again.',
          { cause: error },
        )
      throw error
    }
  }
}

export const api = new ConsoleClient({
  baseUrl: '/api',
  credentials: 'same-origin',
  headers: (method): Record<string, string> => (method === 'GET' ? {} : { [CSRF_HEADER]: csrfToken() }),
})

import { GatehouseApiError, GatehouseClient, GatehouseConnectionError } from '../client/index.ts'
import type { Route } from '../contract/index.ts'
import { routes } from '../contract/values.ts'
import { tokenKindOf } from '../core/token.ts'
import { ApiError, CliError, usageError } from './errors.ts'

/** How a request proves who sends it: an organization API token, or a user's session. */
export type Credential = { scheme: 'Token' | 'Bearer'; value: string }

/** The scheme follows from the prefix alone (gtok_ or gses_); anything else is refused, not guessed. */
export function credentialFor(value: string, source: string): Credential {
  const kind = tokenKindOf(value.trim())
  if (kind === 'api_token') return { scheme: 'Token', value: value.trim() }
  if (kind === 'session') return { scheme: 'Bearer', value: value.trim() }
  throw usageError(`${source} is not a Gatehouse token: it should start with gtok_ (or gses_ for a session).`)
}

const REQUEST_TIMEOUT_MS = 30_000

/**
 * The typed client as the CLI uses it. The User-Agent starts with `gatehouse-cli/` so the server's
 * audit trail records the change as made from the CLI. Failures become CliErrors with one line of
 * text; a refusal keeps its `reason` (ApiError) for commands to branch on.
 */
class CliGatehouseClient extends GatehouseClient {
  readonly #credential: Credential | undefined
  readonly #whenRefused: string | undefined

  constructor(baseUrl: string, version: string, credential?: Credential, whenRefused?: string) {
    super({
      baseUrl,
      token: credential?.value,
      headers: { 'user-agent': `gatehouse-cli/${version} node/${process.versions.node}` },
      timeoutMs: REQUEST_TIMEOUT_MS,
    })
    this.#credential = credential
    this.#whenRefused = whenRefused
  }

  override async call(operation: Route, input: Record<string, unknown>): Promise<unknown> {
    try {
      return await super.call(operation, input)
    } catch (error) {
      if (error instanceof GatehouseApiError && error.status === 404) {
        const wrongUrl = await this.#whereTheApiIs()
        if (wrongUrl) throw wrongUrl
      }
      throw this.#asCliError(error)
    }
  }

  /**
   * A 404 may be the server's "not found", or a sign that the API URL is not the API's root (it
   * lacks /api, say). The health route tells them apart: it answers at the API's root and nowhere
   * else. Undefined when the URL is right; else a usage error that says what to write instead.
   */
  async #whereTheApiIs(): Promise<CliError | undefined> {
    if (await answersHealth(this.baseUrl)) return undefined
    const withApi = `${this.baseUrl}/api`
    if (await answersHealth(withApi))
      return usageError(`No Gatehouse API at ${this.baseUrl}: add /api (--api-url ${withApi}).`)
    const atOrigin = `${new URL(this.baseUrl).origin}/api`
    if (atOrigin !== this.baseUrl && (await answersHealth(atOrigin)))
      return usageError(`No Gatehouse API at ${this.baseUrl}: it is at ${atOrigin} (--api-url ${atOrigin}).`)
    return usageError(
      `No Gatehouse API at ${this.baseUrl} (it answered 404): the API URL ends in /api, like http://127.0.0.1:8080/api.`,
    )
  }

  #asCliError(error: unknown): unknown {
    if (error instanceof GatehouseConnectionError) {
      if (error.code === 'not_gatehouse') return new CliError(error.message)
      return new CliError(`Cannot reach the Gatehouse server at ${this.baseUrl}: ${networkReason(error)}.`)
    }
    if (error instanceof GatehouseApiError) {
      // The server gives one reason for every refused credential; say what to do about ours.
      const advice = error.reason === 'unauthenticated' && this.#credential ? this.#whenRefused : undefined
      return new ApiError(error, advice)
    }
    return error
  }
}

export function createApiClient(
  baseUrl: string,
  version: string,
  credential?: Credential,
  advice: { whenRefused?: string } = {},
): GatehouseClient {
  return new CliGatehouseClient(baseUrl, version, credential, advice.whenRefused)
}

async function answersHealth(baseUrl: string): Promise<boolean> {
  try {
    await new GatehouseClient({ baseUrl, timeoutMs: REQUEST_TIMEOUT_MS }).call(routes.getHealth, {})
    return true
  } catch (error) {
    // Any other problem (503 while the database is down, say) still comes from Gatehouse's API.
    return error instanceof GatehouseApiError && error.status !== 404
  }
}

function networkReason(error: GatehouseConnectionError): string {
  if (error.code === 'timeout') return `no answer within ${REQUEST_TIMEOUT_MS / 1000} seconds`
  // The client's cause is fetch's TypeError; the system's reason is that error's own cause.
  const failure = error.cause
  const cause = (failure as { cause?: { code?: string; message?: string } } | undefined)?.cause
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the server running?)'
    case 'ENOTFOUND':
      return 'unknown host'
    case 'ECONNRESET':
      return 'connection reset'
  }
  return cause?.message ?? (failure instanceof Error ? failure.message : error.message)
}

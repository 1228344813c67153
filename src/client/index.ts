import type {
  BodyOf,
  Operation,
  OperationId,
  Operations,
  ParamsOf,
  ProblemBody,
  QueryOf,
  ResultOf,
  Route,
  Wire,
} from '../contract/index.ts'
// Routes only at run time: the operations' schemas (TypeBox) stay on the server's side.
import { routes } from '../contract/routes.ts'
import { GatehouseApiError, GatehouseConnectionError } from './errors.ts'

export { fieldName, GatehouseApiError, GatehouseConnectionError } from './errors.ts'

/**
 * The typed Gatehouse client: one method per operation of the contract, named by its operationId
 * (`listOrganizationApiTokens`, `createProject`, ...). The console, the CLI and users' scripts all
 * call the API through it. A refusal throws GatehouseApiError (status, reason, field errors); a
 * server that cannot be reached throws GatehouseConnectionError.
 *
 *   const gatehouse = new GatehouseClient({ baseUrl: 'https://gatehouse.example/api', token })
 *   const { results } = await gatehouse.listProject({ organizationId })
 *
 * Lists answer a page at a time (`results`, and `next_cursor` to pass back as `query.cursor`);
 * `pages()` and `listAll()` follow the cursor for you.
 */
export interface ClientOptions {
  /** The API's root, e.g. http://127.0.0.1:8080/api (for the console: '/api'). */
  baseUrl: string
  /** An organization API token (gtok_…, sent as `Token`) or a session (gses_…, sent as `Bearer`). */
  token?: string | undefined
  /** Extra headers for every request (the CLI's User-Agent), or for each one (the console's CSRF header). */
  headers?: Record<string, string> | ((method: string) => Record<string, string>)
  /** Milliseconds before a request is abandoned; none by default. */
  timeoutMs?: number
  /** The browser console sends its session cookie. */
  credentials?: RequestCredentials
  fetch?: typeof fetch
}

/** The input of an operation: its path parameters, then `query` and `body` when it has them. */
export type InputOf<Op extends Operation> = (ParamsOf<Op> extends undefined ? unknown : ParamsOf<Op>) &
  (QueryOf<Op> extends undefined ? unknown : { query?: QueryOf<Op> }) &
  (BodyOf<Op> extends undefined ? unknown : { body: BodyOf<Op> })

export type OutputOf<Op extends Operation> = ResultOf<Op> extends undefined ? undefined : Wire<ResultOf<Op>>

type Method<Op extends Operation> =
  object extends InputOf<Op>
    ? (input?: InputOf<Op>) => Promise<OutputOf<Op>>
    : (input: InputOf<Op>) => Promise<OutputOf<Op>>

export type ClientMethods = { [Id in OperationId]: Method<Operations[Id]> }

/** The answer type of an operation, as a client receives it: `Answer<'createProject'>`. */
export type Answer<Id extends OperationId> = OutputOf<Operations[Id]>
export type Input<Id extends OperationId> = InputOf<Operations[Id]>

/** The operations that answer one page of a list: `results` and `next_cursor`. */
export type PagedOperationId = {
  [Id in OperationId]: Answer<Id> extends { results: unknown[]; next_cursor: string | null } ? Id : never
}[OperationId]

/** One item of a paged list: `ItemOf<'listOrganizationApiTokens'>`. */
export type ItemOf<Id extends PagedOperationId> = Answer<Id> extends { results: (infer T)[] } ? T : never

export interface PagingOptions {
  /** Items asked for per request (the list's `limit`); the server's default when absent. */
  pageSize?: number
  /** Stop once this many items are gathered; `next_cursor` then says where the rest begins. */
  max?: number
}

export interface GatehouseClient extends ClientMethods {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the methods are made from the contract in the constructor
export class GatehouseClient {
  readonly baseUrl: string
  readonly #options: ClientOptions

  constructor(options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '')
    this.#options = options
    for (const [id, route] of Object.entries(routes) as [OperationId, Route][]) {
      Object.defineProperty(this, id, {
        value: (input: Record<string, unknown> = {}) => this.call(route, input),
        enumerable: false,
      })
    }
  }

  /** Calls one operation; the named methods all come here. */
  async call(operation: Route, input: Record<string, unknown>): Promise<unknown> {
    const url = this.urlOf(operation, input)
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' }
    const extra = this.#options.headers
    Object.assign(headers, typeof extra === 'function' ? extra(operation.method) : extra)
    const token = this.#options.token
    if (token) headers.authorization = `${token.startsWith('gses_') ? 'Bearer' : 'Token'} ${token}`
    const hasBody = operation.body && input.body !== undefined
    if (hasBody) headers['content-type'] = 'application/json'
    const timeoutMs = this.#options.timeoutMs
    let response: Response
    try {
      response = await (this.#options.fetch ?? fetch)(url, {
        method: operation.method,
        headers,
        ...(hasBody ? { body: JSON.stringify(input.body) } : {}),
        ...(this.#options.credentials ? { credentials: this.#options.credentials } : {}),
        ...(timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
      })
    } catch (error) {
      throw connectionError(error, this.baseUrl, timeoutMs)
    }
    const text = await response.text()
    if (!response.ok) throw problemOf(response, text)
    if (response.status === 204 || text === '') return undefined
    try {
      return JSON.parse(text)
    } catch (cause) {
      throw new GatehouseConnectionError(
        'not_gatehouse',
        `The server at ${this.baseUrl} answered with something that is not JSON: is it Gatehouse?`,
        { cause },
      )
    }
  }

  /**
   * Each page of a list in turn, following `next_cursor` from the page `input` asks for (its
   * query may hold a cursor to resume from) until the last one:
   *
   *   for await (const page of gatehouse.pages('listOrganizationApiTokens', { organizationId }))
   *     for (const token of page.results) console.log(token.name)
   */
  async *pages<Id extends PagedOperationId>(
    operationId: Id,
    input: Input<Id>,
    options: PagingOptions = {},
  ): AsyncGenerator<Answer<Id>, void, undefined> {
    const given = input as Record<string, unknown> & { query?: Record<string, unknown> }
    let cursor = given.query?.cursor as string | undefined
    let gathered = 0
    do {
      const left = options.max === undefined ? undefined : options.max - gathered
      if (left !== undefined && left <= 0) return
      const limit = Math.min(options.pageSize ?? Number.POSITIVE_INFINITY, left ?? Number.POSITIVE_INFINITY)
      const query = {
        ...given.query,
        ...(Number.isFinite(limit) ? { limit } : {}),
        ...(cursor ? { cursor } : {}),
      }
      const page = (await this.call(routes[operationId], { ...given, query })) as Answer<Id> & {
        results: unknown[]
        next_cursor: string | null
      }
      gathered += page.results.length
      yield page
      cursor = page.next_cursor ?? undefined
    } while (cursor)
  }

  /**
   * Every item of a list, following `next_cursor`, as one page: `next_cursor` is null unless
   * `max` stopped the gathering before the end (then it is where the rest begins).
   *
   *   const { results } = await gatehouse.listAll('listProject', { organizationId }, { pageSize: 1000 })
   */
  async listAll<Id extends PagedOperationId>(
    operationId: Id,
    input: Input<Id>,
    options: PagingOptions = {},
  ): Promise<{ results: ItemOf<Id>[]; next_cursor: string | null }> {
    const results: ItemOf<Id>[] = []
    let next_cursor: string | null = null
    for await (const page of this.pages(operationId, input, options)) {
      const { results: items, next_cursor: after } = page as {
        results: ItemOf<Id>[]
        next_cursor: string | null
      }
      results.push(...items)
      next_cursor = after
    }
    return { results, next_cursor }
  }

  /** The operation's URL, with its path parameters filled in and its query, if any. */
  urlOf(operation: Route, input: Record<string, unknown>): string {
    const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = input[name]
      if (typeof value !== 'string' || value === '')
        throw new TypeError(`${operation.operationId} needs ${name}`)
      return encodeURIComponent(value)
    })
    const query = new URLSearchParams()
    for (const [key, value] of Object.entries((input.query ?? {}) as Record<string, unknown>)) {
      if (value !== undefined && value !== null && value !== '') query.set(key, String(value))
    }
    const search = query.toString()
    return `${this.baseUrl}${path}${search ? `?${search}` : ''}`
  }
}

function problemOf(response: Response, text: string): GatehouseApiError {
  let problem: Partial<ProblemBody> = {}
  try {
    const parsed: unknown = JSON.parse(text)
    if (typeof parsed === 'object' && parsed !== null) problem = parsed as Partial<ProblemBody>
  } catch {
    // Not problem+json (a proxy's error page, say): say what the status means instead.
    problem = { detail: `The server answered ${response.status} without a problem description.` }
  }
  const retryAfter = Number(response.headers.get('retry-after'))
  return new GatehouseApiError(
    response.status,
    problem,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  )
}

function connectionError(
  error: unknown,
  baseUrl: string,
  timeoutMs: number | undefined,
): GatehouseConnectionError {
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new GatehouseConnectionError(
      'timeout',
      `No answer from ${baseUrl} within ${(timeoutMs ?? 0) / 1000} seconds.`,
      {
        cause: error,
      },
    )
  }
  return new GatehouseConnectionError('unreachable', `Cannot reach the Gatehouse server at ${baseUrl}.`, {
    cause: error,
  })
}

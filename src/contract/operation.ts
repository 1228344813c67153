import type { Static, TObject, TSchema } from 'typebox'

/**
 * One API operation, described once: the server registers its route from it, the typed client
 * calls it, and the OpenAPI document is generated from it.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** `apiToken`: Authorization: Token. `session`: Authorization: Bearer, or the console's cookie. */
export type SecurityScheme = 'apiToken' | 'session'

export type SuccessStatus = 200 | 201 | 204
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 503

export const tags = {
  authentication: 'Authentication',
  account: 'Account Info',
  organization: 'Organization Main Calls',
  members: 'Members',
  customRoles: 'Organization Custom Role',
  apiTokens: 'Organization Api Token',
  projects: 'Projects',
  project: 'Project Main Calls',
  environments: 'Environments',
  environment: 'Environment Main Calls',
  deployments: 'Deployments',
  audit: 'Audit',
  trustedCi: 'Trusted CI',
  webhooks: 'Webhooks',
  health: 'Health',
} as const
export type Tag = (typeof tags)[keyof typeof tags]

export interface Operation {
  operationId: string
  method: HttpMethod
  /** OpenAPI form: /organization/{organizationId} */
  path: string
  tag: Tag
  summary: string
  description?: string
  /** Who may call it: [] anyone; ['session'] signed-in users only; both: any credential. */
  security: readonly SecurityScheme[]
  params?: TObject
  query?: TObject
  body?: TSchema
  /** How the body may be sent; JSON when not said (the token exchange also takes a form). */
  bodyMediaTypes?: readonly string[]
  success: { status: SuccessStatus; description: string; schema?: TSchema }
  /** What this operation can answer beyond what every operation of its shape can (errorStatusesOf). */
  errors?: readonly ErrorStatus[]
}

/** What a client needs of an operation at run time (src/contract/routes.ts has them all). */
export interface Route {
  operationId: string
  method: HttpMethod
  path: string
  tag: Tag
  body: boolean
}

/** Keeps the literal types of an operation, so the server and the client are typed from it. */
export function defineOperation<const T extends Operation>(operation: T): T {
  return operation
}

/**
 * Every status an operation can answer with a problem: the ones its shape implies (a credential
 * can be refused or rate-limited, input can be invalid, a body too large or not JSON, a cookie
 * write can miss its CSRF header, a token can call a users-only operation, the database can be
 * unavailable) and its own.
 */
export function errorStatusesOf(operation: Operation): ErrorStatus[] {
  const statuses = new Set<ErrorStatus>(operation.errors ?? [])
  const authenticated = operation.security.length > 0
  if (operation.params || operation.query || operation.body) statuses.add(400)
  if (operation.body) {
    statuses.add(413)
    statuses.add(415)
  }
  if (authenticated) {
    statuses.add(401)
    statuses.add(429)
    const usersOnly = !operation.security.includes('apiToken')
    if (operation.method !== 'GET' || usersOnly) statuses.add(403)
  }
  // Authenticating, signing up and signing in read the database: while it is down or hung they
  // answer 503 database_unavailable (only the liveness probe never touches it).
  if (authenticated || operation.body) statuses.add(503)
  return [...statuses].sort((a, b) => a - b)
}

type StaticOf<S> = S extends TSchema ? Static<S> : undefined

export type ParamsOf<Op extends Operation> = StaticOf<Op['params']>
export type QueryOf<Op extends Operation> = StaticOf<Op['query']>
export type BodyOf<Op extends Operation> = StaticOf<Op['body']>
/** What the server's handler returns: Dates where the wire has timestamps. */
export type ResultOf<Op extends Operation> = Op['success']['schema'] extends TSchema
  ? Static<Op['success']['schema']>
  : undefined

/** The same on the wire (a client's view): timestamps are RFC 3339 strings. */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T

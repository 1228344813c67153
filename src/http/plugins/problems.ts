import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { type FieldError, GatehouseError, type ProblemReason, problemReasons } from '../../core/errors.ts'
import { redactSecrets } from '../../core/secrets.ts'
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../../services/db-errors.ts'
import type { App } from '../types.ts'

/**
 * The one place where failures become RFC 9457 problem+json responses. Anything that is not a
 * known client error is logged and answered with a bare 500 that says nothing of the cause.
 */
export function registerProblemHandlers(app: App): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = toProblem(error, request)
    if (problem.reason === 'internal') request.log.error({ err: error }, 'unhandled error')
    return sendProblem(reply, problem.reason, problem.detail, problem)
  })
  logDatabaseOutages(app)
}

/**
 * While the database does not answer, every request that needs it fails the same way: one
 * warning when an outage begins and one line when it ends say all there is to say, where a line
 * per request would bury everything else (the store reports each change once, see
 * store/postgres/availability.ts).
 */
function logDatabaseOutages(app: App): void {
  app.deps.store.watchAvailability?.((change) => {
    if (!change.available) {
      app.log.warn(
        { database: change.part, cause: change.cause },
        `The database stopped answering (${change.part}: ${change.cause}): requests that need it ` +
          'answer 503 database_unavailable, and credentials are looked up in it, until it is back',
      )
    } else {
      app.log.info(
        { unavailableForMs: change.unavailableForMs },
        `The database answers again, after ${(change.unavailableForMs / 1000).toFixed(1)} s`,
      )
    }
  })
}

const OAUTH_REASONS = new Set<ProblemReason>(['invalid_request', 'invalid_grant'])

export function sendProblem(
  reply: FastifyReply,
  reason: ProblemReason,
  detail: string,
  extra: { fieldErrors?: FieldError[] | undefined; retryAfterSeconds?: number | undefined } = {},
) {
  const { status, title } = problemReasons[reason]
  if (extra.retryAfterSeconds !== undefined) reply.header('retry-after', String(extra.retryAfterSeconds))
  const body: Record<string, unknown> = {
    type: `urn:gatehouse:problem:${reason}`,
    title,
    status,
    detail,
    reason,
  }
  if (extra.fieldErrors?.length) body.errors = extra.fieldErrors
  // OAuth clients of the token exchange read RFC 6749's error and error_description.
  if (OAUTH_REASONS.has(reason)) {
    body.error = reason
    body.error_description = detail
  }
  return reply.code(status).type('application/problem+json').send(body)
}

/**
 * Fastify refuses a malformed URL (bad percent-encoding) or an over-long path parameter before any
 * route or hook runs, with its own JSON body and none of our headers; answer a problem instead.
 */
export function frameworkProblem(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  reply.headers({
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  })
  const detail =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A path parameter is too long.' : 'The URL is not valid.'
  sendProblem(reply, 'invalid_url', detail)
}

export function notFoundRoute(request: FastifyRequest, reply: FastifyReply) {
  // The path is echoed back (and may be logged by a proxy): never a token someone pasted into it.
  const path = redactSecrets(request.url.split('?')[0] as string)
  return sendProblem(reply, 'not_found', `No route matches ${request.method} ${path}.`)
}

const POSTGRES_CHARACTER_NOT_IN_REPERTOIRE = '22021'
/** A row the change refers to was deleted by another request at the same moment. */
const POSTGRES_FOREIGN_KEY_VIOLATION = '23503'
const POSTGRES_SERIALIZATION_FAILURE = '40001'
const POSTGRES_DEADLOCK_DETECTED = '40P01'

export interface ProblemParts {
  reason: ProblemReason
  detail: string
  fieldErrors?: FieldError[] | undefined
  retryAfterSeconds?: number | undefined
}

export function toProblem(error: FastifyError, request: FastifyRequest): ProblemParts {
  // Logged once per outage (logDatabaseOutages), not here: it says nothing new per request.
  if (isDatabaseUnavailable(error)) {
    return {
      reason: 'database_unavailable',
      detail: 'The database did not answer in time; retry later.',
      retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
    }
  }
  if (error instanceof GatehouseError) {
    return {
      reason: error.reason,
      detail: error.message,
      fieldErrors: error.fieldErrors,
      retryAfterSeconds: error.retryAfterSeconds,
    }
  }
  if (error.validation) {
    const part = error.validationContext ?? 'body'
    const fieldErrors = fieldErrorsOf(part, error.validation, schemaOf(request, part))
    return { reason: 'invalid_input', detail: 'The request is invalid: see errors.', fieldErrors }
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { reason: 'unsupported_media_type', detail: 'Send the body as application/json.' }
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { reason: 'payload_too_large', detail: 'The request body is too large.' }
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { reason: 'invalid_input', detail: 'The body is empty but Content-Type is application/json.' }
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { reason: 'invalid_input', detail: 'The body is not valid JSON.' }
  }
  // PostgreSQL text cannot hold U+0000, and it refuses the whole statement: the client's NUL in a
  // name, a description or a filter is its mistake to fix, not our 500 (the transaction rolled back).
  if (error.code === POSTGRES_CHARACTER_NOT_IN_REPERTOIRE) {
    return { reason: 'invalid_input', detail: 'Text must not contain the NUL character (\\u0000).' }
  }
  if (error.code === POSTGRES_FOREIGN_KEY_VIOLATION) {
    return {
      reason: 'not_found',
      detail: 'What this request refers to no longer exists: it was deleted meanwhile.',
    }
  }
  if (error.code === POSTGRES_SERIALIZATION_FAILURE || error.code === POSTGRES_DEADLOCK_DETECTED) {
    return {
      reason: 'concurrent_change',
      detail: 'The request collided with another change made at the same moment; retry it.',
    }
  }
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
    return { reason: 'invalid_input', detail: 'The body is not valid JSON.' }
  }
  const status = error.statusCode ?? 500
  if (status === 429)
    return { reason: 'rate_limited', detail: 'Too many requests: slow down and retry later.' }
  if (status === 404) return { reason: 'not_found', detail: 'Not found.' }
  if (status === 405) return { reason: 'method_not_allowed', detail: 'Method not allowed.' }
  if (status === 413) return { reason: 'payload_too_large', detail: 'The request body is too large.' }
  if (status === 415)
    return { reason: 'unsupported_media_type', detail: 'Send the body as application/json.' }
  if (status >= 400 && status < 500) return { reason: 'invalid_input', detail: 'The request is invalid.' }
  return { reason: 'internal', detail: 'Something went wrong on our side. The error was logged.' }
}

interface ValidationIssue {
  keyword?: string
  instancePath?: string
  schemaPath?: string
  params?: Record<string, unknown>
}

type Schema = Record<string, unknown>

/**
 * Ajv's keywords in words a person reads: ajv's own text ("must NOT have fewer than 8
 * characters", "must match a schema in anyOf") describes the validator, not the request.
 * `branches` is the anyOf/oneOf list the keyword failed on, when the route's schema is at hand.
 */
const plainWords: Record<
  string,
  (params: Record<string, unknown>, branches: Schema[] | undefined) => string
> = {
  required: () => 'is required',
  additionalProperties: () => 'is not a field of this request',
  type: (params) => `must be ${alternatives(String(params.type).split(',').map(typeWords))}`,
  minLength: ({ limit }) => (limit === 1 ? 'must not be empty' : `must be at least ${limit} characters`),
  maxLength: ({ limit }) => `must be at most ${limit} characters`,
  format: ({ format }) => `must be ${formatWords[String(format)] ?? `in the ${format} format`}`,
  pattern: ({ pattern }) => (pattern === '\\S' ? 'must not be blank' : 'is not in the expected form'),
  enum: ({ allowedValues }) => oneOf(allowedValues as unknown[]),
  const: ({ allowedValue }) => oneOf([allowedValue]),
  minimum: ({ limit }) => `must be at least ${limit}`,
  maximum: ({ limit }) => `must be at most ${limit}`,
  exclusiveMinimum: ({ limit }) => `must be more than ${limit}`,
  exclusiveMaximum: ({ limit }) => `must be less than ${limit}`,
  multipleOf: ({ multipleOf }) => `must be a multiple of ${multipleOf}`,
  minItems: ({ limit }) => `must have at least ${limit} ${limit === 1 ? 'item' : 'items'}`,
  maxItems: ({ limit }) => `must have at most ${limit} ${limit === 1 ? 'item' : 'items'}`,
  uniqueItems: () => 'must not hold the same item twice',
  minProperties: ({ limit }) => `must have at least ${limit} ${limit === 1 ? 'field' : 'fields'}`,
  anyOf: (_params, branches) => branchesInWords(branches),
  oneOf: (_params, branches) => branchesInWords(branches),
}

const formatWords: Record<string, string> = {
  email: 'an email address',
  uuid: 'a UUID',
  'date-time': 'a date and time (RFC 3339)',
  date: 'a date (YYYY-MM-DD)',
  uri: 'a URL',
}

function typeWords(type: string): string {
  if (type === 'null') return 'null'
  if (type === 'boolean') return 'true or false'
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`
}

const valueWords = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value))

function oneOf(values: unknown[]): string {
  const words = values.map(valueWords)
  return words.length === 1 ? `must be ${words[0]}` : `must be one of: ${words.join(', ')}`
}

/** "a UUID or null", "a string, a number or null" */
function alternatives(words: string[]): string {
  const distinct = [...new Set(words)]
  return distinct.length === 1
    ? (distinct[0] as string)
    : `${distinct.slice(0, -1).join(', ')} or ${distinct.at(-1)}`
}

/** What one branch of a union accepts, as a noun, or as literal values; undefined if it says more. */
function branchInWords(schema: Schema): { noun: string } | { values: unknown[] } | undefined {
  if ('const' in schema) return { values: [schema.const] }
  if (Array.isArray(schema.enum)) return { values: schema.enum }
  if (schema.type === 'null') return { values: [null] }
  if (typeof schema.format === 'string' && formatWords[schema.format])
    return { noun: formatWords[schema.format] as string }
  if (
    typeof schema.type === 'string' &&
    Object.keys(schema).every((key) => key === 'type' || key === 'description')
  )
    return { noun: typeWords(schema.type) }
  return undefined
}

/** role_id "must be a UUID or null", role "must be one of: ADMIN, DEVELOPER, OWNER, VIEWER". */
function branchesInWords(branches: Schema[] | undefined): string {
  const described = (branches ?? []).map(branchInWords)
  if (!branches?.length || described.some((branch) => branch === undefined))
    return 'is not in an accepted form'
  if (described.every((branch) => branch && 'values' in branch))
    return oneOf(described.flatMap((branch) => (branch && 'values' in branch ? branch.values : [])))
  const words = described.map((branch) =>
    branch && 'noun' in branch ? branch.noun : alternatives((branch?.values ?? []).map(valueWords)),
  )
  return `must be ${alternatives(words)}`
}

/**
 * One field error per failed keyword, in words. A union's branches each fail too (with allErrors):
 * their errors are replaced by the union's one message, said in words of all its branches.
 */
function fieldErrorsOf(part: string, issues: ValidationIssue[], schema: unknown): FieldError[] {
  const unions = issues
    .filter((issue) => issue.keyword === 'anyOf' || issue.keyword === 'oneOf')
    .map((issue) => `${issue.schemaPath}/`)
  const fieldErrors: FieldError[] = []
  for (const issue of issues) {
    if (unions.some((union) => issue.schemaPath?.startsWith(union))) continue
    const field = fieldOf(part, issue)
    const message = messageOf(issue, schema, issues)
    if (!fieldErrors.some((seen) => seen.field === field && seen.message === message))
      fieldErrors.push({ field, message })
  }
  return fieldErrors
}

function messageOf(issue: ValidationIssue, schema: unknown, issues: ValidationIssue[]): string {
  const words = plainWords[issue.keyword ?? '']
  if (!words) return 'is not valid'
  const isUnion = issue.keyword === 'anyOf' || issue.keyword === 'oneOf'
  const branches = isUnion ? schemaAt(schema, issue.schemaPath) : undefined
  if (isUnion && !Array.isArray(branches)) return mostSpecificBranchMessage(issue, issues)
  return words(issue.params ?? {}, branches as Schema[] | undefined)
}

/** Without the schema at hand, the deepest error inside the union says the most. */
function mostSpecificBranchMessage(union: ValidationIssue, issues: ValidationIssue[]): string {
  const deepest = issues
    .filter((issue) => issue.schemaPath?.startsWith(`${union.schemaPath}/`))
    .filter((issue) => issue.keyword !== 'anyOf' && issue.keyword !== 'oneOf')
    .sort((a, b) => (b.schemaPath ?? '').length - (a.schemaPath ?? '').length)[0]
  const words = plainWords[deepest?.keyword ?? '']
  return deepest && words ? words(deepest.params ?? {}, undefined) : 'is not in an accepted form'
}

/** The route's schema of the request part that failed (body, params, querystring). */
function schemaOf(request: FastifyRequest, part: string): unknown {
  return (request.routeOptions?.schema as Record<string, unknown> | undefined)?.[part]
}

/** Follows ajv's schemaPath ("#/properties/role_id/anyOf") into the schema. */
function schemaAt(schema: unknown, schemaPath: string | undefined): unknown {
  if (!schemaPath?.startsWith('#')) return undefined
  let node = schema
  for (const token of schemaPath.slice(1).split('/').filter(Boolean)) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[token.replaceAll('~1', '/').replaceAll('~0', '~')]
  }
  return node
}

/** "body.name" for a bad value, "body.role_id" for a missing one, "body.nmae" for an unknown one. */
function fieldOf(part: string, issue: ValidationIssue): string {
  const path = (issue.instancePath ?? '').split('/').filter(Boolean).join('.')
  const extra = issue.params?.missingProperty ?? issue.params?.additionalProperty
  const leaf = typeof extra === 'string' ? extra : undefined
  return [part, path, leaf].filter(Boolean).join('.')
}

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { type FieldError, GatehouseError, type ProblemReason, problemReasons } from '../../core/errors.ts'
import type { App } from '../types.ts'

/**
 * The one place where failures become RFC 9457 problem+json responses. Anything that is not a
 * known client error is logged and answered with a bare 500 that says nothing of the cause.
 */
export function registerProblemHandlers(app: App): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = toProblem(error)
    if (problem.reason === 'internal') request.log.error({ err: error }, 'unhandled error')
    return sendProblem(reply, problem.reason, problem.detail, problem)
  })
}

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
  return sendProblem(reply, 'not_found', `No route matches ${request.method} ${request.url.split('?')[0]}.`)
}

const POSTGRES_CHARACTER_NOT_IN_REPERTOIRE = '22021'
/** A row the change refers to was deleted by another request at the same moment. */
const POSTGRES_FOREIGN_KEY_VIOLATION = '23503'
const POSTGRES_SERIALIZATION_FAILURE = '40001'
const POSTGRES_DEADLOCK_DETECTED = '40P01'

interface ProblemParts {
  reason: ProblemReason
  detail: string
  fieldErrors?: FieldError[] | undefined
  retryAfterSeconds?: number | undefined
}

function toProblem(error: FastifyError): ProblemParts {
  if (error instanceof GatehouseError) {
    return {
      reason: error.reason,
      detail: error.message,
      fieldErrors: error.fieldErrors,
      retryAfterSeconds: error.retryAfterSeconds,
    }
  }
  if (error.validation) {
    const fieldErrors = error.validation.map((issue) => ({
      field: fieldOf(error.validationContext ?? 'body', issue),
      message: messageOf(issue),
    }))
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
  instancePath?: string
  params?: Record<string, unknown>
  message?: string
}

/** Ajv's message, naming the allowed values where there is a list (so a client can fix its call). */
function messageOf(issue: ValidationIssue): string {
  const allowed = issue.params?.allowedValues
  const message = issue.message ?? 'is invalid'
  return Array.isArray(allowed) ? `${message}: ${allowed.join(', ')}` : message
}

/** "body.name" for a bad value, "body.role_id" for a missing one, "body.nmae" for an unknown one. */
function fieldOf(part: string, issue: ValidationIssue): string {
  const path = (issue.instancePath ?? '').split('/').filter(Boolean).join('.')
  const extra = issue.params?.missingProperty ?? issue.params?.additionalProperty
  const leaf = typeof extra === 'string' ? extra : undefined
  return [part, path, leaf].filter(Boolean).join('.')
}

/**
 * Every failure a client can cause is a GatehouseError with a stable code. The HTTP layer maps
 * codes to problem+json in one place (src/http/plugins/problems.ts); services never know statuses.
 */
export const errorKinds = {
  invalid_input: { status: 400, title: 'Invalid input' },
  unauthenticated: { status: 401, title: 'Unauthenticated' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal server error' },
  not_ready: { status: 503, title: 'Service unavailable' },
} as const

export type ErrorCode = keyof typeof errorKinds

export interface FieldError {
  field: string
  message: string
}

export class GatehouseError extends Error {
  readonly code: ErrorCode
  readonly fieldErrors: FieldError[] | undefined
  readonly retryAfterSeconds: number | undefined

  constructor(
    code: ErrorCode,
    detail: string,
    extra: { fieldErrors?: FieldError[]; retryAfterSeconds?: number } = {},
  ) {
    super(detail)
    this.name = 'GatehouseError'
    this.code = code
    this.fieldErrors = extra.fieldErrors
    this.retryAfterSeconds = extra.retryAfterSeconds
  }

  get status(): number {
    return errorKinds[this.code].status
  }
}

/** One message for every failed authentication, so a caller learns nothing about why. */
export const UNAUTHENTICATED_DETAIL =
  'A valid credential is required: the one given is missing, malformed, unknown, expired or revoked.'

export const unauthenticated = () => new GatehouseError('unauthenticated', UNAUTHENTICATED_DETAIL)
export const notFound = (what: string) => new GatehouseError('not_found', `${what} was not found.`)
export const forbidden = (detail: string) => new GatehouseError('forbidden', detail)
export const conflict = (detail: string) => new GatehouseError('conflict', detail)
export const invalidInput = (detail: string, fieldErrors?: FieldError[]) =>
  new GatehouseError('invalid_input', detail, fieldErrors ? { fieldErrors } : {})

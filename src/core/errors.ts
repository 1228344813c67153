/**
 * Every failure a client can cause is a GatehouseError with a stable `reason` from this one
 * catalogue. The reason decides the HTTP status; the HTTP layer turns it into problem+json in one
 * place (src/http/plugins/problems.ts), and clients (the console, the CLI, users' scripts) branch
 * on the reason, never on the status alone. Reasons are part of the public API: add, never rename.
 */
export const problemReasons = {
  invalid_input: {
    status: 400,
    title: 'Invalid input',
    description: 'A field is missing or invalid: see errors.',
  },
  invalid_url: {
    status: 400,
    title: 'Invalid input',
    description: 'The URL or a path parameter is malformed.',
  },
  bad_request: {
    status: 400,
    title: 'Invalid input',
    description: 'The request is not valid HTTP (refused before routing).',
  },
  secret_in_text: {
    status: 400,
    title: 'Invalid input',
    description: 'A name or description contains a Gatehouse secret.',
  },
  role_not_found: {
    status: 400,
    title: 'Invalid input',
    description: 'role_id is not a role of this organization.',
  },
  role_not_assignable: {
    status: 400,
    title: 'Invalid input',
    description: 'This role cannot be given this way (the owner role moves only by an ownership transfer).',
  },
  already_owner: {
    status: 400,
    title: 'Invalid input',
    description: 'The user already owns the organization.',
  },
  invalid_request: {
    status: 400,
    title: 'Invalid input',
    description: 'The token exchange request is malformed (OAuth 2.0 invalid_request, RFC 6749 5.2).',
  },
  invalid_grant: {
    status: 400,
    title: 'Invalid input',
    description:
      'The ID token was refused: invalid, expired, replayed or trusted by no policy (OAuth 2.0 invalid_grant).',
  },
  unauthenticated: {
    status: 401,
    title: 'Unauthenticated',
    description: 'No valid credential: missing, malformed, unknown, expired or revoked.',
  },
  wrong_credentials: {
    status: 401,
    title: 'Unauthenticated',
    description: 'The email or the password is wrong.',
  },
  permission_denied: {
    status: 403,
    title: 'Forbidden',
    description: "The caller's role does not allow this action.",
  },
  role_escalation: {
    status: 403,
    title: 'Forbidden',
    description: 'The role given, or the member acted on, is more powerful than the caller.',
  },
  user_required: {
    status: 403,
    title: 'Forbidden',
    description: 'Only a signed-in user may do this, not an API token.',
  },
  csrf_failed: {
    status: 403,
    title: 'Forbidden',
    description: 'A cookie-authenticated write lacked the CSRF header.',
  },
  wrong_invitee: {
    status: 403,
    title: 'Forbidden',
    description: 'The invitation was sent to another email address.',
  },
  not_found: {
    status: 404,
    title: 'Not found',
    description: 'It does not exist, or it is not yours to see.',
  },
  invitation_expired: {
    status: 404,
    title: 'Not found',
    description: 'The invitation expired or was already used (told only to those who may see it).',
  },
  method_not_allowed: {
    status: 405,
    title: 'Method not allowed',
    description: 'The method is not allowed here.',
  },
  request_timeout: {
    status: 408,
    title: 'Request timeout',
    description: 'The request did not arrive in full in time (GATEHOUSE_REQUEST_TIMEOUT_SECONDS).',
  },
  name_taken: { status: 409, title: 'Conflict', description: 'The name is already used in this scope.' },
  email_taken: {
    status: 409,
    title: 'Conflict',
    description: 'An account or a member already has this email.',
  },
  already_member: { status: 409, title: 'Conflict', description: 'The user is already a member.' },
  invitation_pending: {
    status: 409,
    title: 'Conflict',
    description: 'This email already has a pending invitation.',
  },
  ownership_transfer_required: {
    status: 409,
    title: 'Conflict',
    description: 'The owner cannot be demoted or removed: transfer ownership first.',
  },
  role_in_use: {
    status: 409,
    title: 'Conflict',
    description: 'The custom role is still held by members, API tokens, pending invitations or trusts.',
  },
  rotation_in_progress: {
    status: 409,
    title: 'Conflict',
    description:
      "The token's previous value is still in its grace period: wait for it to end, or rotate with no grace after it.",
  },
  concurrent_change: {
    status: 409,
    title: 'Conflict',
    description: 'The request collided with another change at the same moment; retry it.',
  },
  payload_too_large: {
    status: 413,
    title: 'Payload too large',
    description: 'The request body is too large.',
  },
  unsupported_media_type: {
    status: 415,
    title: 'Unsupported media type',
    description: 'The body must be application/json.',
  },
  rate_limited: { status: 429, title: 'Too many requests', description: 'Slow down; Retry-After says when.' },
  headers_too_large: {
    status: 431,
    title: 'Request header fields too large',
    description: 'The request headers exceed 16 KiB.',
  },
  internal: {
    status: 500,
    title: 'Internal server error',
    description: 'A fault on our side; it was logged.',
  },
  not_ready: {
    status: 503,
    title: 'Service unavailable',
    description:
      'Not ready: the database or (PostgreSQL) the invalidation listener is down, or the process is stopping; detail says which.',
  },
  database_unavailable: {
    status: 503,
    title: 'Service unavailable',
    description: 'The database did not answer in time; retry after Retry-After seconds.',
  },
} as const satisfies Record<string, { status: number; title: string; description: string }>

export type ProblemReason = keyof typeof problemReasons
export const problemReasonNames = Object.keys(problemReasons) as ProblemReason[]

/** The reasons a given status can carry: what the OpenAPI document lists per status. */
export function reasonsWithStatus(status: number): ProblemReason[] {
  return problemReasonNames.filter((reason) => problemReasons[reason].status === status)
}

export interface FieldError {
  field: string
  message: string
}

export class GatehouseError extends Error {
  readonly reason: ProblemReason
  readonly fieldErrors: FieldError[] | undefined
  readonly retryAfterSeconds: number | undefined

  constructor(
    reason: ProblemReason,
    detail: string,
    extra: { fieldErrors?: FieldError[] | undefined; retryAfterSeconds?: number | undefined } = {},
  ) {
    super(detail)
    this.name = 'GatehouseError'
    this.reason = reason
    this.fieldErrors = extra.fieldErrors
    this.retryAfterSeconds = extra.retryAfterSeconds
  }

  get status(): number {
    return problemReasons[this.reason].status
  }
}

export function isGatehouseError(error: unknown, reason?: ProblemReason): error is GatehouseError {
  return error instanceof GatehouseError && (reason === undefined || error.reason === reason)
}

/** One message for every failed authentication, so a caller learns nothing about why. */
export const UNAUTHENTICATED_DETAIL =
  'A valid credential is required: the one given is missing, malformed, unknown, expired or revoked.'

/** Why a credential was refused, for the metrics only: the answer is the same whatever it is. */
export type AuthFailure = 'unknown' | 'expired' | 'revoked' | 'refused_address'

export const unauthenticated = () => new GatehouseError('unauthenticated', UNAUTHENTICATED_DETAIL)
export const notFound = (what: string) => new GatehouseError('not_found', `${what} was not found.`)
export const permissionDenied = (detail: string) => new GatehouseError('permission_denied', detail)
export const roleEscalation = (detail: string) => new GatehouseError('role_escalation', detail)
export const nameTaken = (detail: string) => new GatehouseError('name_taken', detail)
export const invalidInput = (detail: string, fieldErrors?: FieldError[]) =>
  new GatehouseError('invalid_input', detail, fieldErrors ? { fieldErrors } : {})

import { describe, expect, it } from 'vitest'
import {
  GatehouseError,
  invalidInput,
  isGatehouseError,
  nameTaken,
  notFound,
  permissionDenied,
  problemReasonNames,
  problemReasons,
  reasonsWithStatus,
  roleEscalation,
  UNAUTHENTICATED_DETAIL,
  unauthenticated,
} from './errors.ts'

describe('the catalogue of problem reasons', () => {
  it('gives every reason a client or server error status, a title and a one-sentence description', () => {
    expect(problemReasonNames.length).toBeGreaterThan(20)
    for (const reason of problemReasonNames) {
      const { status, title, description } = problemReasons[reason]
      expect(status, reason).toBeGreaterThanOrEqual(400)
      expect(status, reason).toBeLessThan(600)
      expect(title, reason).toMatch(/^[A-Z][a-z ]+[a-z]$/)
      expect(description, reason).toMatch(/^\S.{10,}\.$/)
    }
  })

  it('gives reasons that share a status one title, as problem+json expects of a status', () => {
    const titleOfStatus = new Map<number, string>()
    for (const reason of problemReasonNames) {
      const { status, title } = problemReasons[reason]
      expect(titleOfStatus.get(status) ?? title, reason).toBe(title)
      titleOfStatus.set(status, title)
    }
  })

  it('keeps the statuses clients were promised for the reasons they branch on', () => {
    const promised = {
      invalid_input: 400,
      invalid_url: 400,
      bad_request: 400,
      secret_in_text: 400,
      role_not_found: 400,
      role_not_assignable: 400,
      already_owner: 400,
      invalid_request: 400,
      invalid_grant: 400,
      unauthenticated: 401,
      wrong_credentials: 401,
      permission_denied: 403,
      role_escalation: 403,
      user_required: 403,
      csrf_failed: 403,
      wrong_invitee: 403,
      not_found: 404,
      invitation_expired: 404,
      method_not_allowed: 405,
      request_timeout: 408,
      name_taken: 409,
      email_taken: 409,
      already_member: 409,
      invitation_pending: 409,
      ownership_transfer_required: 409,
      role_in_use: 409,
      rotation_in_progress: 409,
      concurrent_change: 409,
      payload_too_large: 413,
      unsupported_media_type: 415,
      rate_limited: 429,
      headers_too_large: 431,
      internal: 500,
      not_ready: 503,
      database_unavailable: 503,
    }
    expect(Object.fromEntries(problemReasonNames.map((r) => [r, problemReasons[r].status]))).toEqual(promised)
  })

  it('lists the reasons a status can carry, and none for a status no reason has', () => {
    expect(reasonsWithStatus(401)).toEqual(['unauthenticated', 'wrong_credentials'])
    expect(reasonsWithStatus(404)).toEqual(['not_found', 'invitation_expired'])
    expect(reasonsWithStatus(500)).toEqual(['internal'])
    expect(reasonsWithStatus(418)).toEqual([])
  })
})

describe('GatehouseError', () => {
  it('carries its reason, detail and extras, and takes its status from the reason', () => {
    const fieldErrors = [{ field: 'body.name', message: 'is required' }]
    const error = new GatehouseError('rate_limited', 'Slow down.', { fieldErrors, retryAfterSeconds: 7 })
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('GatehouseError')
    expect(error.message).toBe('Slow down.')
    expect(error.reason).toBe('rate_limited')
    expect(error.status).toBe(429)
    expect(error.fieldErrors).toEqual(fieldErrors)
    expect(error.retryAfterSeconds).toBe(7)
  })

  it('has no extras unless given', () => {
    const error = new GatehouseError('internal', 'Oops.')
    expect(error.status).toBe(500)
    expect(error.fieldErrors).toBeUndefined()
    expect(error.retryAfterSeconds).toBeUndefined()
  })
})

describe('isGatehouseError', () => {
  it('recognises a GatehouseError of any reason, or of the reason asked for only', () => {
    const error = notFound('Project')
    expect(isGatehouseError(error)).toBe(true)
    expect(isGatehouseError(error, 'not_found')).toBe(true)
    expect(isGatehouseError(error, 'permission_denied')).toBe(false)
  })

  it('refuses anything else, even an error that looks like one', () => {
    const lookalike = Object.assign(new Error('Project was not found.'), { reason: 'not_found' })
    expect(isGatehouseError(lookalike)).toBe(false)
    expect(isGatehouseError(lookalike, 'not_found')).toBe(false)
    expect(isGatehouseError(undefined)).toBe(false)
    expect(isGatehouseError({ reason: 'not_found', status: 404 })).toBe(false)
  })
})

describe('the factories', () => {
  it('make each problem with its reason and words', () => {
    const cases: [GatehouseError, string, string][] = [
      [unauthenticated(), 'unauthenticated', UNAUTHENTICATED_DETAIL],
      [notFound('Environment'), 'not_found', 'Environment was not found.'],
      [permissionDenied('No.'), 'permission_denied', 'No.'],
      [roleEscalation('Too strong.'), 'role_escalation', 'Too strong.'],
      [nameTaken('Taken.'), 'name_taken', 'Taken.'],
      [invalidInput('Bad.'), 'invalid_input', 'Bad.'],
    ]
    for (const [error, reason, detail] of cases) {
      expect(error).toBeInstanceOf(GatehouseError)
      expect(error.reason).toBe(reason)
      expect(error.message).toBe(detail)
    }
  })

  it('say nothing about why authentication failed', () => {
    expect(UNAUTHENTICATED_DETAIL).toMatch(/missing, malformed, unknown, expired or revoked/)
  })

  it('attach field errors to invalid input only when there are some', () => {
    const fieldErrors = [{ field: 'query.limit', message: 'must be at most 100' }]
    expect(invalidInput('Bad.', fieldErrors).fieldErrors).toEqual(fieldErrors)
    expect(invalidInput('Bad.').fieldErrors).toBeUndefined()
  })
})

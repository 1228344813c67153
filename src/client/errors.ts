import type { FieldError, ProblemBody, ProblemReason } from '../contract/index.ts'

/** The server refused: its problem, with the stable `reason` to branch on. */
export class GatehouseApiError extends Error {
  readonly status: number
  readonly reason: ProblemReason | 'unknown'
  readonly fieldErrors: FieldError[]
  readonly problem: Partial<ProblemBody>
  readonly retryAfterSeconds: number | undefined

  constructor(status: number, problem: Partial<ProblemBody>, retryAfterSeconds?: number) {
    super(problem.detail ?? problem.title ?? `The server answered ${status}.`)
    this.name = 'GatehouseApiError'
    this.status = status
    this.reason = problem.reason ?? 'unknown'
    this.fieldErrors = problem.errors ?? []
    this.problem = problem
    this.retryAfterSeconds = retryAfterSeconds
  }

  /** The message of the first error on a field, by its name in the body (`name`, `role_id`). */
  fieldError(field: string): string | undefined {
    return this.fieldErrors.find((error) => fieldName(error.field) === field)?.message
  }
}

/** The server could not be reached, did not answer in time, or answered something that is not Gatehouse's. */
export class GatehouseConnectionError extends Error {
  readonly code: 'unreachable' | 'timeout' | 'not_gatehouse'

  constructor(
    code: 'unreachable' | 'timeout' | 'not_gatehouse',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'GatehouseConnectionError'
    this.code = code
  }
}

/** "body.name" -> "name": the server names fields by where they were sent. */
export function fieldName(field: string): string {
  return field.replace(/^(body|querystring|params)\./, '')
}

/**
 * Every failure the CLI reports is a CliError: one line of text and an exit code. Anything else
 * that escapes a command is a bug, still reported in one line (never a stack trace).
 */
export const EXIT_FAILURE = 1
export const EXIT_USAGE = 2

export class CliError extends Error {
  readonly exitCode: number

  constructor(message: string, exitCode: number = EXIT_FAILURE) {
    super(message)
    this.name = 'CliError'
    this.exitCode = exitCode
  }
}

/** Wrong flags, missing details with no terminal to ask them on, a bad environment variable. */
export const usageError = (message: string) => new CliError(message, EXIT_USAGE)

export interface Problem {
  type?: string
  title?: string
  status?: number
  detail?: string
  errors?: { field: string; message: string }[]
}

/** The server refused: its problem detail, and the invalid fields when it lists them. */
export class ApiError extends CliError {
  readonly status: number
  readonly problem: Problem

  constructor(status: number, problem: Problem) {
    super(describeProblem(status, problem))
    this.name = 'ApiError'
    this.status = status
    this.problem = problem
  }
}

function describeProblem(status: number, problem: Problem): string {
  const detail = problem.detail ?? problem.title ?? `The server answered ${status}.`
  const fields = (problem.errors ?? []).map((e) => `${e.field.replace(/^body\./, '')} ${e.message}`)
  return fields.length > 0 ? `${detail} (${fields.join('; ')})` : detail
}

/** Collapses any message to one line: a script reading stderr gets one line per failure. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim()
}

import { fieldName, type GatehouseApiError } from '../client/index.ts'
import type { ProblemReason } from '../contract/index.ts'

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

/** The server refused: its problem detail and the invalid fields, or better words from the command. */
export class ApiError extends CliError {
  /** Stable: what a command branches on (never the status alone, never the detail's words). */
  readonly reason: ProblemReason | 'unknown'
  readonly refusal: GatehouseApiError

  constructor(refusal: GatehouseApiError, advice?: string, message?: string) {
    super(message ?? describeRefusal(refusal, advice))
    this.name = 'ApiError'
    this.reason = refusal.reason
    this.refusal = refusal
  }
}

function describeRefusal(refusal: GatehouseApiError, advice: string | undefined): string {
  const detail = advice ? `${refusal.message} ${advice}` : refusal.message
  const fields = refusal.fieldErrors.map((e) => `${fieldName(e.field)} ${e.message}`)
  return fields.length > 0 ? `${detail} (${fields.join('; ')})` : detail
}

/**
 * A `.catch` handler for a refusal the command can explain better than the server's words (what
 * to run next, say): the reason picks the words; anything else is rethrown as it is.
 */
export function explainRefusal(words: Partial<Record<ProblemReason, string>>) {
  return (error: unknown): never => {
    if (error instanceof ApiError && error.reason !== 'unknown') {
      const better = words[error.reason]
      if (better) throw new ApiError(error.refusal, undefined, better)
    }
    throw error
  }
}

/** Collapses any message to one line: a script reading stderr gets one line per failure. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim()
}

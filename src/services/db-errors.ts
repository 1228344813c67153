import { DatabaseUnavailableError } from '../store/database.ts'

/** PostgreSQL's unique_violation, as both pg and PGlite report it. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505'
}

/**
 * The database could not be used (down, unreachable, hung past GATEHOUSE_DATABASE_TIMEOUT_MS):
 * the request was not served, and the same request may succeed later. Never a 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return error instanceof DatabaseUnavailableError
}

/** What a client is told to wait before retrying while the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5

/**
 * Whether PostgreSQL answers this process. A request that needs the database while it does not
 * answer fails with DatabaseUnavailableError (503 database_unavailable, never a 500), and the
 * process says so once per outage rather than once per request.
 */

/** The database did not answer in time, refused or dropped the connection, or is shutting down. */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`The database is unavailable: ${describeFailure(cause)}`, { cause })
    this.name = 'DatabaseUnavailableError'
  }
}

/** Socket errors: the server is down, unreachable, or dropped us. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
])

/**
 * What pg says, without a code, when a connection fails or a timeout we set runs out
 * (pg/lib/client.js and pg-pool/index.js, pg 8.23).
 */
const PG_CONNECTION_MESSAGES = new Set([
  'Query read timeout',
  'Connection terminated',
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'timeout expired',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
])

/**
 * SQLSTATEs that say the server cannot serve us now rather than that the statement is wrong:
 * connection exceptions (class 08), too many connections, a shutdown or start-up in progress, and
 * a statement cancelled by our statement_timeout (a database too slow to answer in time).
 */
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || ['53300', '57P01', '57P02', '57P03', '57014'].includes(code)
}

/** A failure of the server or of the way to it, as opposed to a statement the server refused. */
export function isConnectionFailure(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true
  if (typeof error !== 'object' || error === null) return false
  const { code, message, errors, severity } = error as {
    code?: unknown
    message?: unknown
    errors?: unknown
    severity?: unknown
  }
  if (typeof code === 'string') {
    if (typeof severity === 'string') return isUnavailableSqlState(code)
    if (NETWORK_CODES.has(code)) return true
  }
  // Node reports a refused "localhost" (::1 and 127.0.0.1) as an AggregateError.
  if (Array.isArray(errors) && errors.length > 0 && errors.every(isConnectionFailure)) return true
  return typeof message === 'string' && PG_CONNECTION_MESSAGES.has(message)
}

/**
 * A server error (it has a severity) leaves the connection usable; anything else may leave it
 * half-way through a statement whose answer can still arrive, and must not serve another query.
 */
export function leavesConnectionInDoubt(error: unknown): boolean {
  const { code, severity } = (error ?? {}) as { code?: unknown; severity?: unknown }
  if (typeof severity !== 'string') return true
  return typeof code === 'string' && (code.startsWith('08') || code.startsWith('57P'))
}

/** One line, for a log: the first line of the message and its code, never a stack. */
export function describeFailure(error: unknown): string {
  if (error instanceof DatabaseUnavailableError) return describeFailure(error.cause)
  const { code, message, errors } = (error ?? {}) as { code?: unknown; message?: unknown; errors?: unknown }
  if (!message && Array.isArray(errors) && errors.length > 0) return describeFailure(errors[0])
  const text = (typeof message === 'string' && message.split('\n')[0]) || String(error)
  return typeof code === 'string' && !text.includes(code) ? `${text} (${code})` : text
}

/** The two ways a process uses the database: its pool (queries) and its LISTEN connection. */
export type DatabasePart = 'queries' | 'notifications'

export type AvailabilityChange =
  | { available: false; part: DatabasePart; cause: string }
  | { available: true; unavailableForMs: number }

/**
 * Outages as a process sees them: one begins when either part first fails and ends when both work
 * again, so a watcher hears one change each way per outage however many requests fail meanwhile.
 */
export class Availability {
  readonly #failing = new Set<DatabasePart>()
  readonly #watchers: ((change: AvailabilityChange) => void)[] = []
  readonly #probes = new Map<DatabasePart, () => Promise<unknown>>()
  #since = 0

  watch(watcher: (change: AvailabilityChange) => void): void {
    this.#watchers.push(watcher)
  }

  /**
   * How to check a part that only learns it works again when used (the pool, until a request
   * comes). It is run when another part works again, which is when the database likely does too:
   * the outage then ends even if no request arrives meanwhile.
   */
  probeWith(part: DatabasePart, probe: () => Promise<unknown>): void {
    this.#probes.set(part, probe)
  }

  get available(): boolean {
    return this.#failing.size === 0
  }

  /** Whether this part failed last time it was used (and has not worked since). */
  isFailing(part: DatabasePart): boolean {
    return this.#failing.has(part)
  }

  failed(part: DatabasePart, error: unknown): void {
    if (this.#failing.has(part)) return
    const wasAvailable = this.available
    this.#failing.add(part)
    if (!wasAvailable) return
    this.#since = performance.now()
    this.#tell({ available: false, part, cause: describeFailure(error) })
  }

  worked(part: DatabasePart): void {
    if (!this.#failing.delete(part)) return
    if (this.available) {
      this.#tell({ available: true, unavailableForMs: Math.round(performance.now() - this.#since) })
      return
    }
    // The probe reports its own outcome through failed() and worked().
    for (const other of this.#failing)
      this.#probes
        .get(other)?.()
        .catch(() => {})
  }

  #tell(change: AvailabilityChange): void {
    for (const watcher of this.#watchers) {
      try {
        watcher(change)
      } catch {}
    }
  }
}

import type { FastifyBaseLogger } from 'fastify'

type Bindings = Record<string, unknown>
type ChildOptions = Parameters<FastifyBaseLogger['child']>[1]
type LogMethod = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'

/**
 * Fastify gives every request a child of the server's logger, bound to the request's id. Making
 * one costs pino a copy of its bindings and their serialization on every request (about 1 µs
 * here, a twentieth of a healthz answer), while most requests never log a line: below `info`,
 * none do. This factory hands Fastify a stand-in that makes the real child the first time the
 * request logs, or asks for something only a logger can answer; every line still carries the
 * request's id, and a request that logs nothing costs one small object.
 */
export function lazyRequestLogger(
  this: unknown,
  parent: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildOptions,
): FastifyBaseLogger {
  return new LazyRequestLogger(parent, bindings, options) as unknown as FastifyBaseLogger
}

export class LazyRequestLogger {
  readonly #parent: FastifyBaseLogger
  readonly #bindings: Bindings
  readonly #options: ChildOptions
  #child: FastifyBaseLogger | undefined

  constructor(parent: FastifyBaseLogger, bindings: Bindings, options: ChildOptions) {
    this.#parent = parent
    this.#bindings = bindings
    this.#options = options
  }

  /** Whether the request's logger exists yet (for the tests). */
  get made(): boolean {
    return this.#child !== undefined
  }

  get #logger(): FastifyBaseLogger {
    this.#child ??= this.#parent.child(this.#bindings, this.#options)
    return this.#child
  }

  get level(): string {
    return this.#child?.level ?? this.#options?.level ?? this.#parent.level
  }

  set level(level: string) {
    this.#logger.level = level
  }

  fatal(...line: unknown[]): void {
    this.#write('fatal', line)
  }
  error(...line: unknown[]): void {
    this.#write('error', line)
  }
  warn(...line: unknown[]): void {
    this.#write('warn', line)
  }
  info(...line: unknown[]): void {
    this.#write('info', line)
  }
  debug(...line: unknown[]): void {
    this.#write('debug', line)
  }
  trace(...line: unknown[]): void {
    this.#write('trace', line)
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.#logger.child(bindings, options)
  }

  isLevelEnabled(level: string): boolean {
    const logger = this.#child ?? this.#parent
    return (logger as unknown as { isLevelEnabled(level: string): boolean }).isLevelEnabled(level)
  }

  bindings(): Bindings {
    return (this.#logger as unknown as { bindings(): Bindings }).bindings()
  }

  #write(method: LogMethod, line: unknown[]): void {
    // A line below the level makes no child: pino would drop it anyway.
    if (this.#child === undefined && this.#options?.level === undefined && !this.isLevelEnabled(method))
      return
    ;(this.#logger[method] as (...line: unknown[]) => void)(...line)
  }
}

/**
 * What must happen before the database closes when the process stops: buffers written out (the
 * last-use buffer, webhook claims handed back), workers stopped. Each part registers its own step
 * here when it starts, so the composition root does not need to know every buffer that exists.
 */
export interface ShutdownStep {
  /** For the log line of a step that fails or runs late. */
  name: string
  /** Runs once, after the HTTP server has finished its requests and before the database closes.
   *  `deadline` is a performance.now() moment the step should be done by. */
  run(deadline: number): Promise<void>
}

export interface ShutdownLog {
  warn(object: object, message: string): void
}

export class ShutdownHooks {
  readonly #steps = new Set<ShutdownStep>()
  #ran = false
  #stopping = false

  /** The process has begun to stop: readiness answers 503 from now on, so a load balancer
   *  sends the next requests elsewhere while these finish. */
  begin(): void {
    this.#stopping = true
  }

  get stopping(): boolean {
    return this.#stopping
  }

  /** Adds a step; the function returned removes it (a part stopped earlier on its own). */
  register(step: ShutdownStep): () => void {
    if (this.#ran) throw new Error(`shutdown already ran; "${step.name}" registered too late`)
    this.#steps.add(step)
    return () => this.#steps.delete(step)
  }

  get names(): string[] {
    return [...this.#steps].map((step) => step.name)
  }

  /**
   * Runs every step at once and waits for all of them, at most `withinMs`: a step that is late or
   * fails is logged, never allowed to keep the process (and its database) open for good.
   */
  async run(withinMs: number, log: ShutdownLog): Promise<void> {
    if (this.#ran) return
    this.#ran = true
    const deadline = performance.now() + withinMs
    const outcomes = [...this.#steps].map(async (step) => {
      let timer: NodeJS.Timeout | undefined
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), withinMs).unref()
      })
      try {
        const outcome = await Promise.race([step.run(deadline).then(() => 'done' as const), late])
        if (outcome === 'late')
          log.warn({ step: step.name, withinMs }, `shutdown step "${step.name}" did not finish in time`)
      } catch (error) {
        log.warn({ step: step.name, err: error }, `shutdown step "${step.name}" failed`)
      } finally {
        clearTimeout(timer)
      }
    })
    await Promise.all(outcomes)
  }
}

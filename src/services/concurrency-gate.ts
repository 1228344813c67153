/**
 * Runs at most `concurrency` tasks at once and queues up to `maxWaiting` more, first come first
 * served; beyond that, `refuse` says why at once rather than letting a queue (and its wait) grow
 * without bound.
 */
export interface ConcurrencyGate {
  run<T>(task: () => Promise<T>): Promise<T>
  /** Tasks running now, and waiting: what a test or a metric reads. */
  readonly running: number
  readonly waiting: number
}

export function concurrencyGate(
  concurrency: number,
  maxWaiting: number,
  refuse: () => Error,
): ConcurrencyGate {
  let running = 0
  const queue: (() => void)[] = []
  return {
    async run(task) {
      if (running < concurrency) running++
      else if (queue.length < maxWaiting) await new Promise<void>((resolve) => queue.push(resolve))
      else throw refuse()
      try {
        return await task()
      } finally {
        // The slot passes straight to the next in line, so `running` never dips and lets a newcomer jump the queue.
        const next = queue.shift()
        if (next) next()
        else running--
      }
    },
    get running() {
      return running
    },
    get waiting() {
      return queue.length
    },
  }
}

import { describe, expect, it } from 'vitest'
import { ShutdownHooks } from './shutdown.ts'

const quietLog = () => {
  const warnings: string[] = []
  return { warnings, log: { warn: (_object: object, message: string) => warnings.push(message) } }
}

describe('ShutdownHooks', () => {
  it('runs every registered step once, together, and not one that was removed', async () => {
    const hooks = new ShutdownHooks()
    const ran: string[] = []
    hooks.register({ name: 'last use', run: async () => void ran.push('last use') })
    const remove = hooks.register({ name: 'gone', run: async () => void ran.push('gone') })
    hooks.register({ name: 'outbox', run: async () => void ran.push('outbox') })
    remove()
    const { log, warnings } = quietLog()
    await hooks.run(1000, log)
    await hooks.run(1000, log)
    expect(ran.sort()).toEqual(['last use', 'outbox'])
    expect(warnings).toEqual([])
  })

  it('gives a step its deadline, and stops waiting for a late one, saying so', async () => {
    const hooks = new ShutdownHooks()
    let deadlineGiven = 0
    hooks.register({
      name: 'slow flush',
      run: (deadline) => {
        deadlineGiven = deadline
        return new Promise(() => {})
      },
    })
    const { log, warnings } = quietLog()
    const started = performance.now()
    await hooks.run(100, log)
    expect(performance.now() - started).toBeLessThan(1000)
    expect(deadlineGiven).toBeGreaterThan(started + 90)
    expect(warnings).toEqual(['shutdown step "slow flush" did not finish in time'])
  })

  it('logs a failing step and still runs the others', async () => {
    const hooks = new ShutdownHooks()
    let flushed = false
    hooks.register({
      name: 'broken',
      run: async () => {
        throw new Error('disk full')
      },
    })
    hooks.register({
      name: 'fine',
      run: async () => {
        flushed = true
      },
    })
    const { log, warnings } = quietLog()
    await hooks.run(1000, log)
    expect(flushed).toBe(true)
    expect(warnings).toEqual(['shutdown step "broken" failed'])
  })

  it('says when shutdown has begun, and refuses a step registered after it ran', async () => {
    const hooks = new ShutdownHooks()
    expect(hooks.stopping).toBe(false)
    hooks.begin()
    expect(hooks.stopping).toBe(true)
    await hooks.run(10, quietLog().log)
    expect(() => hooks.register({ name: 'late', run: async () => {} })).toThrow(/too late/)
  })
})

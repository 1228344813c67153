import { describe, expect, it } from 'vitest'
import { concurrencyGate } from './concurrency-gate.ts'

/** A task the test finishes when it chooses, recording when it started. */
function controlledTask(started: string[], name: string) {
  let finish: (value: string) => void = () => {}
  let fail: (error: Error) => void = () => {}
  const done = new Promise<string>((resolve, reject) => {
    finish = resolve
    fail = reject
  })
  return {
    task: () => {
      started.push(name)
      return done
    },
    finish: () => finish(name),
    fail: () => fail(new Error(`${name} failed`)),
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('concurrencyGate', () => {
  it('runs at most `concurrency` tasks, queues the next in order, and refuses beyond the queue', async () => {
    const gate = concurrencyGate(2, 2, () => new Error('busy'))
    const started: string[] = []
    const tasks = ['a', 'b', 'c', 'd'].map((name) => controlledTask(started, name))
    const settled = Promise.allSettled(tasks.map((t) => gate.run(t.task)))
    await tick()
    expect(started).toEqual(['a', 'b'])
    expect([gate.running, gate.waiting]).toEqual([2, 2])
    await expect(gate.run(async () => 'e')).rejects.toThrow('busy')

    tasks[1]?.finish()
    await tick()
    expect(started).toEqual(['a', 'b', 'c'])
    tasks[0]?.fail()
    await tick()
    // A failed task frees its slot like a finished one.
    expect(started).toEqual(['a', 'b', 'c', 'd'])
    expect([gate.running, gate.waiting]).toEqual([2, 0])
    tasks[2]?.finish()
    tasks[3]?.finish()
    expect(await settled).toEqual([
      { status: 'rejected', reason: new Error('a failed') },
      { status: 'fulfilled', value: 'b' },
      { status: 'fulfilled', value: 'c' },
      { status: 'fulfilled', value: 'd' },
    ])
    expect([gate.running, gate.waiting]).toEqual([0, 0])
  })

  it('a newcomer does not jump the queue while a slot is handed over', async () => {
    const gate = concurrencyGate(1, 5, () => new Error('busy'))
    const started: string[] = []
    const first = controlledTask(started, 'first')
    const second = controlledTask(started, 'second')
    void gate.run(first.task)
    void gate.run(second.task)
    await tick()
    first.finish()
    // Arrives in the same turn as the hand-over: it must wait behind `second`.
    const late = controlledTask(started, 'late')
    void gate.run(late.task)
    await tick()
    expect(started).toEqual(['first', 'second'])
    expect(gate.running).toBe(1)
    second.finish()
    await tick()
    expect(started).toEqual(['first', 'second', 'late'])
    late.finish()
  })
})

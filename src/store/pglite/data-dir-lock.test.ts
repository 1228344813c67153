import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DataDirInUseError, lockDataDir } from './data-dir-lock.ts'

const MODULE = fileURLToPath(new URL('./data-dir-lock.ts', import.meta.url))
/** A pid that no process has (above Linux's largest pid_max). */
const DEAD_PID = '2147483646'

/** A live process whose command line names Gatehouse (an argument is enough). */
function liveGatehouseLikeProcess(): ChildProcess {
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'gatehouse'], { stdio: 'ignore' })
}

/**
 * A long-lived contender: on `lock <dir> <atMs>` it spins until the wall clock reaches atMs (so
 * all contenders start together), tries to lock, and answers `won` or `lost`; `release` frees it.
 * Its command line says gatehouse, as a real server's does.
 */
function contender(): { child: ChildProcess; next: () => Promise<string> } {
  const script = `
    const { lockDataDir } = await import(${JSON.stringify(MODULE)})
    const readline = await import('node:readline')
    let release
    console.log('ready')
    for await (const line of readline.createInterface({ input: process.stdin })) {
      const [command, dir, at] = line.split(' ')
      if (command === 'release') { release?.(); release = undefined; console.log('released'); continue }
      while (Date.now() < Number(at)) {}
      try { release = lockDataDir(dir); console.log('won') } catch (e) { console.log(e.constructor.name === 'DataDirInUseError' ? 'lost' : 'error ' + e.message) }
    }
  `
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script, 'gatehouse-lock-contender'],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  )
  const lines: string[] = []
  const waiters: ((line: string) => void)[] = []
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    const waiter = waiters.shift()
    if (waiter) waiter(line)
    else lines.push(line)
  })
  const next = () =>
    new Promise<string>((resolve) => {
      const line = lines.shift()
      if (line !== undefined) resolve(line)
      else waiters.push(resolve)
    })
  return { child, next }
}

describe('lockDataDir', () => {
  const dirs: string[] = []
  const children: ChildProcess[] = []
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-lock-unit-'))
    dirs.push(dir)
    return dir
  }
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
    for (const child of children.splice(0)) child.kill()
  })

  it('takes the lock with this pid and releases it', () => {
    const dir = freshDir()
    const release = lockDataDir(dir)
    expect(readFileSync(join(dir, 'gatehouse.lock'), 'utf8')).toBe(String(process.pid))
    release()
    expect(readdirSync(dir)).toEqual([])
  })

  it('refuses while another running Gatehouse process holds it', async () => {
    const dir = freshDir()
    const holder = liveGatehouseLikeProcess()
    children.push(holder)
    await new Promise((resolve) => holder.once('spawn', resolve))
    writeFileSync(join(dir, 'gatehouse.lock'), String(holder.pid))
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError)
    expect(readFileSync(join(dir, 'gatehouse.lock'), 'utf8')).toBe(String(holder.pid))
    expect(readdirSync(dir)).toEqual(['gatehouse.lock'])
  })

  it('takes over a lock left by a process that no longer runs, or an unreadable one', () => {
    for (const leftover of [DEAD_PID, 'not a pid', '']) {
      const dir = freshDir()
      writeFileSync(join(dir, 'gatehouse.lock'), leftover)
      const release = lockDataDir(dir)
      expect(readFileSync(join(dir, 'gatehouse.lock'), 'utf8')).toBe(String(process.pid))
      release()
      expect(existsSync(join(dir, 'gatehouse.lock'))).toBe(false)
    }
  })

  it.runIf(process.platform === 'linux')(
    'takes over a lock naming a live process that is not Gatehouse (a reused pid)',
    async () => {
      const dir = freshDir()
      const unrelated = spawn('sleep', ['30'], { stdio: 'ignore' })
      children.push(unrelated)
      await new Promise((resolve) => unrelated.once('spawn', resolve))
      writeFileSync(join(dir, 'gatehouse.lock'), String(unrelated.pid))
      const release = lockDataDir(dir)
      expect(readFileSync(join(dir, 'gatehouse.lock'), 'utf8')).toBe(String(process.pid))
      release()
    },
  )

  it('does not release a lock that was taken over from it', () => {
    const dir = freshDir()
    const releaseFirst = lockDataDir(dir)
    const releaseSecond = lockDataDir(dir) // its own pid: taken over
    releaseFirst()
    expect(readFileSync(join(dir, 'gatehouse.lock'), 'utf8')).toBe(String(process.pid))
    releaseSecond()
    expect(existsSync(join(dir, 'gatehouse.lock'))).toBe(false)
  })

  describe('processes racing for a stale lock', () => {
    const CONTENDERS = 6
    const TRIALS = 50
    const racers: ReturnType<typeof contender>[] = []
    beforeAll(async () => {
      for (let i = 0; i < CONTENDERS; i++) racers.push(contender())
      for (const racer of racers) expect(await racer.next()).toBe('ready')
    }, 30_000)
    afterAll(() => {
      for (const racer of racers) racer.child.kill()
    })

    it('exactly one wins, every time', async () => {
      for (let trial = 0; trial < TRIALS; trial++) {
        const dir = freshDir()
        // Half the trials: a dead pid; half: a live process that is not Gatehouse.
        const unrelated = trial % 2 === 1 ? spawn('sleep', ['30'], { stdio: 'ignore' }) : undefined
        if (unrelated) {
          children.push(unrelated)
          await new Promise((resolve) => unrelated.once('spawn', resolve))
        }
        writeFileSync(join(dir, 'gatehouse.lock'), unrelated ? String(unrelated.pid) : DEAD_PID)
        const at = Date.now() + 50
        for (const racer of racers) racer.child.stdin?.write(`lock ${dir} ${at}\n`)
        const outcomes = await Promise.all(racers.map((racer) => racer.next()))
        expect(
          outcomes.filter((o) => o === 'won'),
          `trial ${trial}: ${outcomes}`,
        ).toHaveLength(1)
        expect(outcomes.filter((o) => o === 'lost')).toHaveLength(CONTENDERS - 1)
        const winner = racers[outcomes.indexOf('won')] as (typeof racers)[number]
        expect(readFileSync(join(dir, 'gatehouse.lock'), 'utf8')).toBe(String(winner.child.pid))
        // No temp file or takeover marker is left behind.
        expect(readdirSync(dir)).toEqual(['gatehouse.lock'])
        winner.child.stdin?.write('release\n')
        expect(await winner.next()).toBe('released')
        expect(readdirSync(dir)).toEqual([])
        unrelated?.kill()
      }
    }, 120_000)
  })
})

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DataDirInUseError, lockDataDir } from './data-dir-lock.ts'

describe('lockDataDir', () => {
  const dirs: string[] = []
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-lock-unit-'))
    dirs.push(dir)
    return dir
  }
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('takes the lock with this pid and releases it', () => {
    const dir = freshDir()
    const release = lockDataDir(dir)
    expect(readFileSync(join(dir, 'gatehouse.lock'), 'utf8')).toBe(String(process.pid))
    release()
    expect(existsSync(join(dir, 'gatehouse.lock'))).toBe(false)
  })

  it('refuses while another running process holds it', () => {
    const dir = freshDir()
    writeFileSync(join(dir, 'gatehouse.lock'), String(process.ppid))
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError)
    expect(readFileSync(join(dir, 'gatehouse.lock'), 'utf8')).toBe(String(process.ppid))
  })

  it('takes over a lock left by a process that no longer runs, or an unreadable one', () => {
    for (const leftover of ['2147483646', 'not a pid']) {
      const dir = freshDir()
      writeFileSync(join(dir, 'gatehouse.lock'), leftover)
      const release = lockDataDir(dir)
      expect(readFileSync(join(dir, 'gatehouse.lock'), 'utf8')).toBe(String(process.pid))
      release()
    }
  })
})

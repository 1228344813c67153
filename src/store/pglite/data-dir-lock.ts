import { randomBytes } from 'node:crypto'
import {
  closeSync,
  fstatSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'

export class DataDirInUseError extends Error {}

/** How long to wait for another process that is in the middle of taking over a stale lock. */
const TAKEOVER_WAIT_MS = 5000

/**
 * The embedded database serves one process: a second process on the same files would work from
 * its own copy, never see the first one's revocations, and corrupt the files. The first process
 * holds a lock file with its pid; a lock left by a process that no longer runs, or whose pid now
 * belongs to a process that is not Gatehouse, is taken over. Returns the function that releases it.
 *
 * Why two processes can never both win:
 * - The lock file is never written in place: each process writes its pid to a file of its own,
 *   then publishes it with link() (fails if the lock exists) or rename() (atomic replacement), so
 *   a reader never sees a half-written lock, and the lock path never stops existing during a
 *   takeover (a plain create cannot slip in).
 * - Replacing a stale lock needs a takeover marker named after the stale lock's inode, created
 *   with link() (exclusive: one process wins it). Under the marker, the winner re-reads the lock
 *   through one file descriptor (inode and content agree) and replaces it only if it is still the
 *   same stale inode. Any other process that judged the same lock stale either fails to create
 *   the marker, or creates it after the winner removed it and then finds another inode.
 * - A marker left by a process that died mid-takeover is never removed (removing could delete a
 *   live one): the next process moves on to the next generation `.<ino>.<n+1>`, and only past a
 *   marker whose holder is dead, so at most one live process holds a marker for an inode.
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, 'gatehouse.lock')
  const mine = join(dataDir, `gatehouse.lock.${process.pid}.${randomBytes(6).toString('hex')}`)
  writeFileSync(mine, String(process.pid), { mode: 0o600, flag: 'wx' })
  const myIno = statSync(mine).ino
  const release = () => {
    try {
      // Only our own lock: never one that has since been taken over.
      if (statSync(path).ino === myIno) unlinkSync(path)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
  }
  const deadline = Date.now() + TAKEOVER_WAIT_MS
  try {
    for (;;) {
      try {
        linkSync(mine, path)
        return release
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }
      const current = readLock(path)
      if (!current) continue // released meanwhile: try again
      if (!isStale(current.holder)) throw inUse(dataDir, current.holder)
      const outcome = takeOver(path, mine, current.ino)
      if (outcome === 'won') return release
      if (outcome === 'wait') {
        if (Date.now() > deadline) {
          throw new DataDirInUseError(
            `could not lock the embedded database in ${dataDir}: another process is taking over its lock`,
          )
        }
        sleep(10)
      }
    }
  } finally {
    unlinkQuietly(mine)
  }
}

/** Replaces the stale lock `staleIno`, unless another process does or did. */
function takeOver(path: string, mine: string, staleIno: number): 'won' | 'retry' | 'wait' {
  for (let generation = 0; ; generation++) {
    const marker = `${path}.takeover.${staleIno}.${generation}`
    try {
      linkSync(mine, marker)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const other = readLock(marker)
      if (!other) return 'retry' // its holder has just finished
      if (other.holder !== undefined && !isRunning(other.holder)) continue // died mid-takeover
      return 'wait'
    }
    try {
      const current = readLock(path)
      if (!current || current.ino !== staleIno || !isStale(current.holder)) return 'retry'
      renameSync(mine, path)
      return 'won'
    } finally {
      unlinkQuietly(marker)
    }
  }
}

/** The lock's inode and pid (undefined when unreadable), read through one descriptor. */
function readLock(path: string): { ino: number; holder: number | undefined } | undefined {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    const ino = fstatSync(fd).ino
    const holder = Number(readFileSync(fd, 'utf8').trim())
    return { ino, holder: Number.isInteger(holder) && holder > 0 ? holder : undefined }
  } finally {
    closeSync(fd)
  }
}

function isStale(holder: number | undefined): boolean {
  if (holder === undefined || holder === process.pid) return true
  return !isRunning(holder) || !isGatehouse(holder)
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Whether a running pid is a Gatehouse process; true when it cannot be told (no /proc, no access). */
export function isGatehouse(pid: number): boolean {
  let cmdline: string
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
  } catch (error) {
    // It exited since: a pid that no longer runs is no Gatehouse.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && isRunning(pid) === false) return false
    return true
  }
  if (cmdline === '') return true // a zombie or kernel thread: cannot tell
  return /gatehouse|src\/main\.ts|main\.js/i.test(cmdline.replaceAll('\0', ' '))
}

function inUse(dataDir: string, holder: number | undefined): DataDirInUseError {
  return new DataDirInUseError(
    `another Gatehouse process (pid ${holder}) is using the embedded database in ${dataDir}. ` +
      'It serves one process only: stop that one, or set DATABASE_URL to run several on PostgreSQL.',
  )
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

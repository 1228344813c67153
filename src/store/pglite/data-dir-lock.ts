import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'

export class DataDirInUseError extends Error {}

/**
 * The embedded database serves one process: a second process on the same files would work from
 * its own copy, never see the first one's revocations, and corrupt the files. The first process
 * holds a lock file with its pid; a lock left by a process that no longer runs is taken over.
 * Returns the function that releases it.
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, 'gatehouse.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600)
      writeSync(fd, String(process.pid))
      closeSync(fd)
      return () => rmSync(path, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = Number(readFileSync(path, 'utf8').trim())
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder)) {
        throw new DataDirInUseError(
          `another Gatehouse process (pid ${holder}) is using the embedded database in ${dataDir}. ` +
            'It serves one process only: stop that one, or set DATABASE_URL to run several on PostgreSQL.',
        )
      }
      rmSync(path, { force: true })
    }
  }
  throw new DataDirInUseError(`could not lock the embedded database in ${dataDir}`)
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

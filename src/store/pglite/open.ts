import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { Kysely } from 'kysely'
import { ConfigError } from '../../config.ts'
import type { Store } from '../database.ts'
import type { Database } from '../schema.ts'
import { lockDataDir } from './data-dir-lock.ts'
import { pgliteDialect } from './dialect.ts'
import { pgliteBus } from './notifications.ts'
import { seedFromTemplate } from './template.ts'
import { pgliteWasmModule } from './wasm-module.ts'

/**
 * PostgreSQL settings of the embedded database, on top of PGlite's own. shared_buffers is what
 * decides its memory: PostgreSQL zeroes all of it at start, so PGlite's 128 MB default is
 * resident from the first second. Measured on the migrated template (RSS after opening, then
 * after 2,000 lookups and 200 list pages): 128 MB 286/329 MiB, 64 MB 214/256, 32 MB 190/219,
 * 16 MB 176/188, 8 MB 165/182. initialMemory cannot go below the 128 MiB the WebAssembly module
 * declares, and work_mem, wal_buffers or max_connections move it by 10 MiB at most. 32 MB keeps
 * the hot part of the token indexes in PostgreSQL's own buffers at a million tokens (see the
 * README's performance table); the rest is read through the operating system's page cache.
 */
const EMBEDDED_SETTINGS = ['-c', 'shared_buffers=32MB']

/** The embedded database in `dataDir`, for this process only. */
export async function openPGlite(dataDir: string): Promise<Store> {
  let unlock: () => void
  try {
    mkdirSync(dataDir, { recursive: true })
    unlock = lockDataDir(dataDir)
  } catch (error) {
    throw unusableDataDir(dataDir, error)
  }
  try {
    // Under the lock: no other process can be filling the same directory.
    seedFromTemplate(dataDir)
  } catch (error) {
    unlock()
    throw unusableDataDir(dataDir, error)
  }
  let client: PGlite
  try {
    const compiled = await pgliteWasmModule()
    client = await PGlite.create({
      dataDir,
      startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS],
      ...(compiled ? { pgliteWasmModule: compiled } : {}),
    })
  } catch (error) {
    unlock()
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]
    throw new ConfigError(
      `GATEHOUSE_DATA_DIR ${dataDir} holds files the embedded database cannot open (${reason}); ` +
        'set GATEHOUSE_DATA_DIR to a Gatehouse data dir, or to a new or empty directory',
    )
  }
  const db = new Kysely<Database>({ dialect: pgliteDialect(client) })
  return {
    db,
    driver: 'pglite',
    ...pgliteBus(client),
    async close() {
      await db.destroy()
      unlock()
    },
  }
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a file is in the way where a directory is needed',
  EEXIST: 'it is a file, not a directory',
  ENOSPC: 'no space left on the device',
}

/** The data dir cannot be created or written: a ConfigError that names the path and why. */
function unusableDataDir(dataDir: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code
  const reason = code && REASONS[code]
  if (!reason) return error
  return new ConfigError(
    `GATEHOUSE_DATA_DIR ${dataDir} cannot be used: ${reason} (${code}); ` +
      'set GATEHOUSE_DATA_DIR to a directory this user can create and write',
  )
}

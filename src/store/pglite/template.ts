import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PACKAGE_ROOT } from '../../package-root.ts'
import { migrationNames } from '../migrate.ts'

/**
 * A pristine, migrated embedded database, made once (`npm install`, or the first `npm start`) and
 * copied into each new data dir: PGlite's initdb costs 4-7 s here, a copy of its 39 MB a fraction
 * of a second. Migrations added since the template was made run on the copy as on any data dir.
 */
export const TEMPLATE_DIR = join(PACKAGE_ROOT, 'dist', 'pglite-template')
const MARKER = '.gatehouse-template.json'

interface TemplateMarker {
  pglite: string
  migrations: string[]
}

function pgliteVersion(): string {
  const manifest = join(PACKAGE_ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json')
  return existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')).version as string) : 'unknown'
}

function readMarker(dir: string): TemplateMarker | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, MARKER), 'utf8')) as TemplateMarker
  } catch {
    return undefined
  }
}

/** A template exists, was made by this PGlite, and holds every migration of this version. */
export function templateIsCurrent(dir = TEMPLATE_DIR): boolean {
  const marker = readMarker(dir)
  return (
    marker !== undefined &&
    marker.pglite === pgliteVersion() &&
    migrationNames.every((name) => marker.migrations.includes(name))
  )
}

/** A data dir PGlite has never initialised (it writes PG_VERSION first thing). */
export function isFreshDataDir(dataDir: string): boolean {
  return !existsSync(join(dataDir, 'PG_VERSION'))
}

/** Left in a data dir while it is being filled: whatever else is there is ours to clear. */
const SEEDING = '.gatehouse-seeding'
const STAGING = '.gatehouse-seed-staging'

/**
 * Fills a new, empty data dir from the template, when one made by this PGlite exists; returns
 * whether it did. An older template (fewer migrations) is still worth copying: the rest run on
 * the copy. Crash-safe: the copy is staged in the data dir and moved into place with PG_VERSION
 * last, so a process killed midway leaves a directory without PG_VERSION (still "new") and the
 * SEEDING mark that lets the next start clear the remains. A directory holding anything else is
 * never touched (PGlite then says what it thinks of it).
 */
export function seedFromTemplate(dataDir: string, dir = TEMPLATE_DIR): boolean {
  if (!isFreshDataDir(dataDir) || readMarker(dir)?.pglite !== pgliteVersion()) return false
  const present = readdirSync(dataDir).filter((name) => !name.startsWith('gatehouse.lock'))
  if (present.length > 0 && !present.includes(SEEDING)) return false
  writeFileSync(join(dataDir, SEEDING), '')
  for (const name of present)
    if (name !== SEEDING) rmSync(join(dataDir, name), { recursive: true, force: true })
  const staging = join(dataDir, STAGING)
  cpSync(dir, staging, { recursive: true, filter: (source) => !source.endsWith(MARKER) })
  const entries = readdirSync(staging).filter((name) => name !== 'PG_VERSION')
  for (const name of [...entries, 'PG_VERSION']) renameSync(join(staging, name), join(dataDir, name))
  rmSync(staging, { recursive: true, force: true })
  rmSync(join(dataDir, SEEDING), { force: true })
  return true
}

/**
 * Makes the template with `create` (which must leave a migrated, closed data dir in the path it
 * is given): built aside and renamed into place, so a reader never copies half a template.
 */
export async function buildTemplate(create: (dataDir: string) => Promise<void>, dir = TEMPLATE_DIR) {
  const building = `${dir}.${process.pid}.building`
  rmSync(building, { recursive: true, force: true })
  await create(building)
  rmSync(join(building, 'gatehouse.lock'), { force: true })
  const marker: TemplateMarker = { pglite: pgliteVersion(), migrations: migrationNames }
  writeFileSync(join(building, MARKER), JSON.stringify(marker))
  rmSync(dir, { recursive: true, force: true })
  renameSync(building, dir)
}

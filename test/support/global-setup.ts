import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { openStore } from '../../src/store/database.ts'

/**
 * Runs once per `vitest run`: prepares migrated databases that every test file clones, because
 * creating a PGlite data dir costs 4-7 s and cloning one costs well under a second.
 */
export default async function setup(project: TestProject) {
  project.provide('pgliteTemplateDir', await pgliteTemplate())
  // Every PGlite copy of this run lives here, removed at the end even if a worker was killed.
  const scratchDir = mkdtempSync(join(tmpdir(), 'gatehouse-run-'))
  project.provide('scratchDir', scratchDir)
  const removeScratch = () => rmSync(scratchDir, { recursive: true, force: true })
  const url = process.env.GATEHOUSE_TEST_DATABASE_URL
  if (!url) {
    project.provide('postgresTemplate', '')
    return removeScratch
  }
  const runId = `gatehouse_t_${randomBytes(4).toString('hex')}`
  const templateName = `${runId}_template`
  const admin = new pg.Client({ connectionString: url })
  try {
    await admin.connect()
  } catch (error) {
    throw new Error(`GATEHOUSE_TEST_DATABASE_URL is set but PostgreSQL cannot be reached: ${String(error)}`)
  }
  await admin.query(`CREATE DATABASE ${templateName}`)
  const store = await openStore({ databaseUrl: withDatabase(url, templateName) })
  await store.close()
  project.provide('postgresTemplate', templateName)

  return async () => {
    removeScratch()
    const { rows } = await admin.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${runId}%`],
    )
    // The template last: the per-file databases were cloned from it.
    for (const { datname } of rows.sort((a) => (a.datname === templateName ? 1 : -1))) {
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`)
    }
    await admin.end()
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

/** One migrated PGlite data dir per version of the migrations, kept between runs. */
async function pgliteTemplate(): Promise<string> {
  const migrationsDir = resolve('src/store/migrations')
  const hash = createHash('sha256')
  for (const file of readdirSync(migrationsDir).sort()) hash.update(readFileSync(join(migrationsDir, file)))
  const dir = resolve('.test-cache', `pglite-${hash.digest('hex').slice(0, 16)}`)
  const ready = join(dir, '.gatehouse-template-ready')
  if (existsSync(ready)) return dir
  rmSync(dir, { recursive: true, force: true })
  const store = await openStore({ dataDir: dir })
  await store.close()
  writeFileSync(ready, new Date().toISOString())
  return dir
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplateDir: string
    postgresTemplate: string
    scratchDir: string
  }
}

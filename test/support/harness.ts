import { randomBytes } from 'node:crypto'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import pg from 'pg'
import { afterAll, beforeAll, describe, inject } from 'vitest'
import { type Config, loadConfig } from '../../src/config.ts'
import { createGatehouse, type Gatehouse } from '../../src/server.ts'
import { type DriverName, openStore } from '../../src/store/database.ts'
import { withDatabase } from './global-setup.ts'
import { receiverCa } from './webhook-receiver.ts'

/** The databases every store test runs on: PGlite always, PostgreSQL when CI provides it. */
export const drivers: DriverName[] = inject('postgresTemplate') ? ['pglite', 'postgres'] : ['pglite']

export interface TestGatehouse extends Gatehouse {
  driver: DriverName
  /** Every log line the server wrote, as JSON text. */
  logs: string[]
  /** Where the data lives: a PGlite directory, or a PostgreSQL database URL. */
  location: string
}

/** A Gatehouse on a fresh clone of the migrated template database. */
export async function startTestGatehouse(
  driver: DriverName,
  env: Record<string, string> = {},
  options: { webRoot?: string } = {},
): Promise<TestGatehouse> {
  const webRoot = options.webRoot ?? ''
  const logs: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean))
      done()
    },
  })
  const base = loadConfig({
    GATEHOUSE_AUTH_FAILURE_LIMIT: '1000000',
    GATEHOUSE_SIGNUP_LIMIT_PER_MINUTE: '1000000',
    GATEHOUSE_LOGIN_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: 'debug',
    ...env,
  })
  if (driver === 'pglite') {
    const dataDir = mkdtempSync(join(inject('scratchDir'), 'gatehouse-test-'))
    cpSync(inject('pgliteTemplateDir'), dataDir, { recursive: true })
    const config: Config = { ...base, dataDir, databaseUrl: undefined }
    const store = await openStore({ dataDir })
    const gatehouse = await createGatehouse(config, {
      store,
      logger: { level: 'debug', stream },
      webRoot,
      webhooks: { ca: receiverCa },
    })
    return {
      ...gatehouse,
      driver,
      logs,
      location: dataDir,
      async close() {
        await gatehouse.close()
        rmSync(dataDir, { recursive: true, force: true })
      },
    }
  }
  const databaseUrl = await clonePostgresTemplate()
  const config: Config = { ...base, databaseUrl }
  const gatehouse = await createGatehouse(config, {
    logger: { level: 'debug', stream },
    webRoot,
    webhooks: { ca: receiverCa },
  })
  return {
    ...gatehouse,
    driver,
    logs,
    location: databaseUrl,
    async close() {
      await gatehouse.close()
      await dropPostgresDatabase(databaseUrl)
    },
  }
}

/** A database of this file's own, cloned from the run's template (fast: a file copy in the server). */
export async function clonePostgresTemplate(): Promise<string> {
  const url = process.env.GATEHOUSE_TEST_DATABASE_URL as string
  const template = inject('postgresTemplate')
  const name = `${template.replace(/_template$/, '')}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  try {
    // CREATE DATABASE ... TEMPLATE refuses while another session uses the template; retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`)
        break
      } catch (error) {
        if (attempt > 50) throw error
        await new Promise((r) => setTimeout(r, 100))
      }
    }
  } finally {
    await admin.end()
  }
  return withDatabase(url, name)
}

export async function dropPostgresDatabase(databaseUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: process.env.GATEHOUSE_TEST_DATABASE_URL as string })
  await admin.connect()
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${new URL(databaseUrl).pathname.slice(1)} WITH (FORCE)`)
  } finally {
    await admin.end()
  }
}

/**
 * Runs `suite` once per database. Suites with the default settings share one Gatehouse per
 * database and test process (files run one after another in a process, and every test makes its
 * own users and organizations), so each file does not pay a second of start-up; suites that
 * change a setting get a Gatehouse of their own, closed after them. `suite` receives a getter,
 * valid inside tests and hooks.
 */
export function describeEachDatabase(
  name: string,
  suite: (gatehouse: () => TestGatehouse) => void,
  env: Record<string, string> = {},
): void {
  const shared = Object.keys(env).length === 0
  for (const driver of drivers) {
    describe(`${name} [${driver}]`, () => {
      let gatehouse: TestGatehouse | undefined
      beforeAll(async () => {
        gatehouse = shared ? await sharedTestGatehouse(driver) : await startTestGatehouse(driver, env)
      })
      afterAll(async () => {
        if (!shared) await gatehouse?.close()
      })
      suite(() => {
        if (!gatehouse) throw new Error('Gatehouse not started yet')
        return gatehouse
      })
    })
  }
}

const sharedGatehouses = new Map<DriverName, Promise<TestGatehouse>>()

/** This process's Gatehouse on `driver` with default settings; closed when the process ends. */
function sharedTestGatehouse(driver: DriverName): Promise<TestGatehouse> {
  let gatehouse = sharedGatehouses.get(driver)
  if (!gatehouse) {
    gatehouse = startTestGatehouse(driver)
    sharedGatehouses.set(driver, gatehouse)
    // Synchronous clean-up only is possible at exit: the PGlite copy is removed here; PostgreSQL
    // databases are dropped by the global setup's teardown (their names carry the run's id).
    void gatehouse.then((started) => {
      if (started.driver === 'pglite')
        process.once('exit', () => rmSync(started.location, { recursive: true, force: true }))
    })
  }
  return gatehouse
}

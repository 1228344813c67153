import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrationNames } from '../../src/store/migrate.ts'
import { withDatabase } from '../support/global-setup.ts'
import { dropPostgresDatabase } from '../support/harness.ts'
import { http, type ServerProcess, startServerProcess } from '../support/process.ts'

const adminUrl = process.env.GATEHOUSE_TEST_DATABASE_URL
if (!adminUrl)
  console.warn('two-processes.test.ts: skipped, GATEHOUSE_TEST_DATABASE_URL is not set (CI sets it)')

/**
 * Two real Gatehouse processes on one PostgreSQL database, started at the same moment on an
 * empty database (their migrations must not race), then revocation seen by both at once.
 */
describe.skipIf(!adminUrl)('two server processes on one PostgreSQL', () => {
  let databaseUrl = ''
  let a: ServerProcess
  let b: ServerProcess

  beforeAll(async () => {
    const name = `gatehouse_two_${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    await admin.end()
    databaseUrl = withDatabase(adminUrl as string, name)
    ;[a, b] = await Promise.all([
      startServerProcess({ DATABASE_URL: databaseUrl }),
      startServerProcess({ DATABASE_URL: databaseUrl }),
    ])
  }, 120_000)

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()])
    if (databaseUrl) await dropPostgresDatabase(databaseUrl)
  })

  it('both start together on an empty database and migrate it once', async () => {
    const admin = new pg.Client({ connectionString: databaseUrl })
    await admin.connect()
    const { rows } = await admin.query('SELECT name FROM kysely_migration ORDER BY name')
    await admin.end()
    expect(rows.map((r) => r.name)).toEqual(migrationNames)
    expect((await http(a.url, 'GET', '/readyz')).status).toBe(200)
    expect((await http(b.url, 'GET', '/readyz')).status).toBe(200)
  })

  it('a token created on one process works on both, and after DELETE is refused by both on the next request', async () => {
    const email = `two-${randomBytes(4).toString('hex')}@example.test`
    expect(
      (await http(a.url, 'POST', '/auth/signup', { body: { email, password: 'password-123', name: 'Two' } }))
        .status,
    ).toBe(201)
    const login = await http(b.url, 'POST', '/auth/login', { body: { email, password: 'password-123' } })
    const session = `Bearer ${login.body.token}`
    const org = await http(a.url, 'POST', '/organization', {
      authorization: session,
      body: { name: 'Two procs' },
    })
    expect(org.status).toBe(201)

    for (let round = 0; round < 5; round++) {
      const created = await http(a.url, 'POST', `/organization/${org.body.id}/apiToken`, {
        authorization: session,
        body: { name: `ci-${round}` },
      })
      expect(created.status).toBe(201)
      const token = `Token ${created.body.token}`
      // Warm both processes' caches, so that revocation must travel by NOTIFY, not by a miss.
      for (let i = 0; i < 3; i++) {
        expect((await http(a.url, 'GET', '/auth/whoami', { authorization: token })).status).toBe(200)
        expect((await http(b.url, 'GET', '/auth/whoami', { authorization: token })).status).toBe(200)
      }
      // Alternate which process deletes, so each one must hear the other.
      const [deleter, other] = round % 2 === 0 ? [a, b] : [b, a]
      const deleted = await http(
        deleter.url,
        'DELETE',
        `/organization/${org.body.id}/apiToken/${created.body.id}`,
        {
          authorization: session,
        },
      )
      expect(deleted.status).toBe(204)
      expect((await http(other.url, 'GET', '/auth/whoami', { authorization: token })).status).toBe(401)
      expect((await http(deleter.url, 'GET', '/auth/whoami', { authorization: token })).status).toBe(401)
    }
  })

  it('after their LISTEN connections are cut, both reconnect and a deletion is again refused everywhere at once', async () => {
    const email = `cut-${randomBytes(4).toString('hex')}@example.test`
    await http(a.url, 'POST', '/auth/signup', { body: { email, password: 'password-123', name: 'Cut' } })
    const login = await http(a.url, 'POST', '/auth/login', { body: { email, password: 'password-123' } })
    const session = `Bearer ${login.body.token}`
    const org = await http(a.url, 'POST', '/organization', { authorization: session, body: { name: 'Cut' } })
    const created = await http(a.url, 'POST', `/organization/${org.body.id}/apiToken`, {
      authorization: session,
      body: { name: 'survives-a-cut' },
    })
    const token = `Token ${created.body.token}`
    expect((await http(b.url, 'GET', '/auth/whoami', { authorization: token })).status).toBe(200)

    const admin = new pg.Client({ connectionString: databaseUrl })
    await admin.connect()
    const listeners = async () =>
      (
        await admin.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'gatehouse-listener:%'",
        )
      ).rows.map((row) => row.pid)
    const before = await listeners()
    expect(before).toHaveLength(2)
    await admin.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [before])
    // Both processes notice, stop trusting their caches, and reconnect within a few seconds.
    let after: number[] = []
    for (let waited = 0; waited < 15_000; waited += 200) {
      after = await listeners()
      if (after.length === 2 && after.every((pid) => !before.includes(pid))) break
      await new Promise((r) => setTimeout(r, 200))
    }
    await admin.end()
    expect(after).toHaveLength(2)
    expect(after.some((pid) => before.includes(pid))).toBe(false)

    for (let i = 0; i < 3; i++) {
      expect((await http(b.url, 'GET', '/auth/whoami', { authorization: token })).status).toBe(200)
    }
    const deleted = await http(a.url, 'DELETE', `/organization/${org.body.id}/apiToken/${created.body.id}`, {
      authorization: session,
    })
    expect(deleted.status).toBe(204)
    expect((await http(b.url, 'GET', '/auth/whoami', { authorization: token })).status).toBe(401)
  })

  it('a logout on one process ends the session on the other at once', async () => {
    const email = `out-${randomBytes(4).toString('hex')}@example.test`
    await http(a.url, 'POST', '/auth/signup', { body: { email, password: 'password-123', name: 'Out' } })
    const login = await http(a.url, 'POST', '/auth/login', { body: { email, password: 'password-123' } })
    const session = `Bearer ${login.body.token}`
    expect((await http(b.url, 'GET', '/account', { authorization: session })).status).toBe(200)
    expect((await http(a.url, 'POST', '/auth/logout', { authorization: session })).status).toBe(204)
    expect((await http(b.url, 'GET', '/account', { authorization: session })).status).toBe(401)
  })
})

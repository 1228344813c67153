import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { clonePostgresTemplate, drivers, dropPostgresDatabase } from '../support/harness.ts'
import { http, startServerProcess } from '../support/process.ts'

/**
 * The acceptance check for "tokens cannot leak from our side": a real server process, a token
 * created and used in every way a client can, then a search for its value in every byte the
 * server keeps: database files (or a dump of the PostgreSQL database), logs and later answers.
 */
describe.each(drivers)('a token value is found nowhere but in its creation answer [%s]', (driver) => {
  it('is absent from the database, the logs and every later response', { timeout: 120_000 }, async () => {
    let dataDir = ''
    let databaseUrl = ''
    const env: Record<string, string> = { LOG_LEVEL: 'trace' }
    if (driver === 'pglite') {
      dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-leak-'))
      cpSync(inject('pgliteTemplateDir'), dataDir, { recursive: true })
      env.GATEHOUSE_DATA_DIR = dataDir
    } else {
      databaseUrl = await clonePostgresTemplate()
      env.DATABASE_URL = databaseUrl
    }
    const server = await startServerProcess(env)
    const password = 'correct-horse-battery-staple'
    const laterAnswers: string[] = []
    let token = ''
    let session = ''
    try {
      const base = server.url
      await http(base, 'POST', '/auth/signup', {
        body: { email: 'leak@example.test', password, name: 'Leak' },
      })
      const login = await http(base, 'POST', '/auth/login', {
        body: { email: 'leak@example.test', password },
      })
      session = login.body.token
      const auth = `Bearer ${session}`
      const org = await http(base, 'POST', '/organization', { authorization: auth, body: { name: 'Leaky' } })
      const created = await http(base, 'POST', `/organization/${org.body.id}/apiToken`, {
        authorization: auth,
        body: { name: 'deploy', description: 'used everywhere' },
      })
      expect(created.status).toBe(201)
      token = created.body.token
      const asToken = `Token ${token}`
      const requests: Array<[string, string, string | undefined, unknown]> = [
        ['GET', '/auth/whoami', asToken, undefined],
        ['GET', '/organization', asToken, undefined],
        ['GET', `/organization/${org.body.id}`, asToken, undefined],
        ['GET', `/organization/${org.body.id}/apiToken`, asToken, undefined],
        ['GET', `/organization/${org.body.id}/apiToken`, auth, undefined],
        ['GET', `/organization/${org.body.id}/auditEvent`, auth, undefined],
        ['DELETE', `/organization/${org.body.id}`, asToken, undefined],
        ['GET', '/organization/not-a-uuid', asToken, undefined],
        ['GET', '/no/such/route', asToken, undefined],
        ['POST', `/organization/${org.body.id}/apiToken`, asToken, { name: token }],
        ['GET', '/auth/whoami', `Token ${token.slice(0, -1)}x`, undefined],
        ['GET', '/auth/whoami', `Bearer ${token}`, undefined],
        ['DELETE', `/organization/${org.body.id}/apiToken/${created.body.id}`, auth, undefined],
        ['GET', '/auth/whoami', asToken, undefined],
        ['GET', `/organization/${org.body.id}/apiToken`, auth, undefined],
      ]
      for (const [method, path, authorization, body] of requests) {
        const answer = await http(base, method, path, { ...(authorization ? { authorization } : {}), body })
        laterAnswers.push(answer.text)
      }
    } finally {
      await server.stop()
    }
    const logs = server.output()
    expect(logs.length).toBeGreaterThan(1000) // trace logs were written: the search below means something
    for (const secret of [token, token.slice(5, 35), session, password]) {
      expect(logs).not.toContain(secret)
    }
    for (const answer of laterAnswers) expect(answer).not.toContain(token.slice(5, 35))

    const stored = driver === 'pglite' ? readTree(dataDir) : dumpDatabase(databaseUrl)
    expect(stored.length).toBeGreaterThan(driver === 'pglite' ? 1_000_000 : 2_000)
    expect(stored.includes('deploy')).toBe(true) // the token's name is stored: the search can see text
    for (const secret of [token, token.slice(5, 35), session.slice(5, 35), password]) {
      expect(stored.includes(secret)).toBe(false)
    }
    if (driver === 'pglite') rmSync(dataDir, { recursive: true, force: true })
    else await dropPostgresDatabase(databaseUrl)
  })
})

/** Every byte of every file under dir, as latin1 text (a byte-for-byte search). */
function readTree(dir: string): string {
  const parts: string[] = []
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry)
    parts.push(statSync(path).isDirectory() ? readTree(path) : readFileSync(path).toString('latin1'))
  }
  return parts.join('\n')
}

function dumpDatabase(databaseUrl: string): string {
  return execFileSync('pg_dump', ['--data-only', databaseUrl], { maxBuffer: 256 * 1024 * 1024 }).toString(
    'latin1',
  )
}

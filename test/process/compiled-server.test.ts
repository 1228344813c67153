import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { http, type ServerProcess, startServerProcess } from '../support/process.ts'

const repoRoot = resolve(import.meta.dirname, '..', '..')
const BUNDLE = join(repoRoot, 'dist', 'server', 'gatehouse-server.mjs')

/** What `npm start` runs: the server's bundle, built when stale, on a fresh embedded data dir. */
describe('the compiled server (npm start)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-compiled-'))
  let server: ServerProcess

  beforeAll(async () => {
    execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build-if-stale.mjs')], { cwd: repoRoot })
    server = await startServerProcess({ DATABASE_URL: '', GATEHOUSE_DATA_DIR: dataDir }, 60_000, [BUNDLE])
  }, 90_000)

  afterAll(async () => {
    await server?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('is ASCII from end to end, so that V8 holds its source at one byte a character', () => {
    const source = readFileSync(BUNDLE, 'utf8')
    expect(source.length).toBeGreaterThan(1_000_000)
    expect(source.match(/[\u0080-\u{10ffff}]/u)).toBeNull()
  })

  it('serves the API: health, the OpenAPI document, a sign-up and its whoami', async () => {
    expect((await http(server.url, 'GET', '/healthz')).status).toBe(200)
    const openapi = await http(server.url, 'GET', '/openapi.json')
    expect(openapi.status).toBe(200)
    expect(openapi.body.openapi).toMatch(/^3\./)
    const email = 'compiled@example.test'
    const signup = await http(server.url, 'POST', '/auth/signup', {
      body: { email, password: 'compiled-password', name: 'Compiled' },
    })
    expect(signup.status).toBe(201)
    const login = await http(server.url, 'POST', '/auth/login', {
      body: { email, password: 'compiled-password' },
    })
    expect(login.status).toBe(200)
    const whoami = await http(server.url, 'GET', '/auth/whoami', {
      authorization: `Bearer ${login.body.token}`,
    })
    expect(whoami.body).toEqual({ type: 'user', user: { id: expect.any(String), email, name: 'Compiled' } })
  })
})

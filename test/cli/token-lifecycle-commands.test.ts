import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_TOKEN_PATTERN } from '../../src/core/token.ts'
import {
  call,
  createApiToken,
  createOrganization,
  signUpAndLogIn,
  type TestOrganization,
} from '../support/api.ts'
import { startTestGatehouse, type TestGatehouse } from '../support/harness.ts'
import { cliEnv, freshHome, removeHomes, runCli } from './run-cli.ts'

const DAY = 24 * 3600 * 1000

/**
 * `gatehouse token get|edit|rotate`, the lifecycle flags of `token create`, and what `token list`
 * shows of a token's life, run as a script would (no terminal), against a real server.
 */
describe('gatehouse CLI: a token’s life', () => {
  let gh: TestGatehouse
  let apiUrl: string
  let org: TestOrganization
  let env: Record<string, string>
  const { home } = freshHome()

  beforeAll(async () => {
    gh = await startTestGatehouse('pglite')
    const address = await gh.app.listen({ host: '127.0.0.1', port: 0 })
    apiUrl = `${address}/api`
    org = await createOrganization(gh, await signUpAndLogIn(gh, 'Olive Owner'))
    const admin = await createApiToken(gh, org, 'admin')
    env = cliEnv(home, apiUrl, { GATEHOUSE_TOKEN: admin.token })
  })
  afterAll(async () => {
    await gh?.close()
    removeHomes()
  })

  const gatehouse = (...args: string[]) => runCli(args, env)
  const whoami = (token: string) =>
    fetch(`${apiUrl}/auth/whoami`, { headers: { authorization: `Token ${token}` } }).then((r) => r.status)

  it('creates a token with --expires-in and repeated --allow-cidr', async () => {
    const before = Date.now()
    const created = await gatehouse(
      'token',
      'create',
      '--role',
      'devops',
      '--name',
      'ci',
      '--expires-in',
      '30d',
      '--allow-cidr',
      '127.0.0.1',
      '--allow-cidr',
      '2001:db8::/32',
      '--json',
    )
    expect(created.stderr).toBe('')
    expect(created.code).toBe(0)
    const body = JSON.parse(created.stdout)
    expect(body.token).toMatch(API_TOKEN_PATTERN)
    expect(body.allowed_cidrs).toEqual(['127.0.0.1/32', '2001:db8::/32'])
    const expires = Date.parse(body.expires_at)
    expect(expires).toBeGreaterThanOrEqual(before + 30 * DAY)
    expect(expires).toBeLessThan(Date.now() + 30 * DAY + 1000)
    expect(await whoami(body.token)).toBe(200)
  })

  it('refuses a malformed duration before sending anything (exit 2), and shows the server’s words for a malformed range (exit 1)', async () => {
    const duration = await gatehouse(
      'token',
      'create',
      '--role',
      'viewer',
      '--name',
      'x',
      '--expires-in',
      'soon',
    )
    expect(duration.code).toBe(2)
    expect(duration.stderr).toContain('--expires-in takes a duration such as 30d')
    const both = await gatehouse(
      'token',
      'create',
      '--role',
      'viewer',
      '--name',
      'x',
      '--expires-in',
      '1d',
      '--expires-at',
      '2099-01-01',
    )
    expect(both.code).toBe(2)
    const range = await gatehouse(
      'token',
      'create',
      '--role',
      'viewer',
      '--name',
      'x',
      '--allow-cidr',
      '10.0.0.1/8',
    )
    expect(range.code).toBe(1)
    expect(range.stderr).toContain('10.0.0.0/8')
    const listed = JSON.parse((await gatehouse('token', 'list', '--json')).stdout)
    expect(listed.map((t: { name: string }) => t.name)).not.toContain('x')
  })

  it('get shows the status, expiry, allowed addresses and last use; --json is the API’s answer', async () => {
    const text = await gatehouse('token', 'get', 'ci')
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/Status\s+active/)
    expect(text.stdout).toMatch(/Allowed from\s+127\.0\.0\.1\/32, 2001:db8::\/32/)
    expect(text.stdout).toMatch(/Expires\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
    // Used once by the first test, from this machine.
    expect(text.stdout).toMatch(/Last used\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
    expect(text.stdout).toMatch(/Used from\s+127\.0\.0\.1 \(\d{4}-/)
    const json = JSON.parse((await gatehouse('token', 'get', 'ci', '--json')).stdout)
    const api = await call(gh, 'GET', `/organization/${org.id}/apiToken/${json.id}`, { as: org.owner.as })
    expect(json).toEqual(api.body)
    const missing = await gatehouse('token', 'get', 'nope')
    expect(missing.code).toBe(2)
  })

  it('edit changes only what is given; with nothing to change it is a usage error', async () => {
    const expiresAt = new Date(Date.now() + 10 * DAY).toISOString()
    const edited = await gatehouse(
      'token',
      'edit',
      'ci',
      '--role',
      'viewer',
      '--expires-at',
      expiresAt,
      '--allow-anywhere',
      '--json',
    )
    expect(edited.code).toBe(0)
    expect(JSON.parse(edited.stdout)).toMatchObject({
      name: 'ci',
      role_name: 'viewer',
      expires_at: expiresAt,
      allowed_cidrs: [],
      status: 'active',
    })
    const renamed = await gatehouse('token', 'edit', 'ci', '--name', 'ci-main', '--no-expiry')
    expect(renamed.code).toBe(0)
    expect(renamed.stdout).toMatch(/Expires\s+never/)
    expect(renamed.stdout).toMatch(/Name\s+ci-main/)
    const nothing = await gatehouse('token', 'edit', 'ci-main')
    expect(nothing.code).toBe(2)
    expect(nothing.stderr).toContain('Nothing to change')
    const escalate = await gatehouse('token', 'edit', 'ci-main', '--role', 'owner')
    expect(escalate.code).toBe(2)
  })

  it('rotate prints the new value once; --grace keeps the old one working; a second rotation meanwhile is refused', async () => {
    const created = JSON.parse(
      (await gatehouse('token', 'create', '--role', 'viewer', '--name', 'deploy', '--json')).stdout,
    )
    const noYes = await gatehouse('token', 'rotate', 'deploy')
    expect(noYes.code).toBe(2)
    expect(await whoami(created.token)).toBe(200)
    const rotated = await gatehouse('token', 'rotate', 'deploy', '--grace', '1h', '--yes', '--quiet')
    expect(rotated.code).toBe(0)
    const fresh = rotated.stdout.trim()
    expect(fresh).toMatch(API_TOKEN_PATTERN)
    expect(fresh).not.toBe(created.token)
    expect(await whoami(fresh)).toBe(200)
    expect(await whoami(created.token)).toBe(200)
    const again = await gatehouse('token', 'rotate', 'deploy', '--yes')
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('previous value still works until')
    const shown = await gatehouse('token', 'get', 'deploy')
    expect(shown.stdout).toMatch(/Old value works until\s+\d{4}-/)
    const badGrace = await gatehouse('token', 'rotate', 'deploy', '--grace', '8d', '--yes')
    expect(badGrace.code).toBe(2)
  })

  it('rotate with no grace: the old value is refused at once, and the words say so', async () => {
    const created = JSON.parse(
      (await gatehouse('token', 'create', '--role', 'viewer', '--name', 'nightly', '--json')).stdout,
    )
    const rotated = await gatehouse('token', 'rotate', 'nightly', '--yes')
    expect(rotated.code).toBe(0)
    expect(rotated.stderr).toContain('Copy this token now')
    expect(rotated.stderr).toContain('no longer works')
    expect(await whoami(rotated.stdout.trim())).toBe(200)
    expect(await whoami(created.token)).toBe(401)
  })

  it('list shows status, expiry and last use, and filters by status and staleness', async () => {
    const used = JSON.parse(
      (
        await gatehouse(
          'token',
          'create',
          '--role',
          'viewer',
          '--name',
          'used',
          '--expires-in',
          '2d',
          '--json',
        )
      ).stdout,
    )
    expect(await whoami(used.token)).toBe(200)
    const table = await gatehouse('token', 'list')
    expect(table.code).toBe(0)
    const header = table.stdout.split('\n')[0] as string
    for (const column of ['STATUS', 'EXPIRES', 'LAST USED']) expect(header).toContain(column)
    const usedRow = table.stdout.split('\n').find((line) => line.startsWith('used ')) as string
    expect(usedRow).toContain('expiring soon')
    expect(usedRow).not.toContain('never')
    const json = JSON.parse((await gatehouse('token', 'list', '--json')).stdout)
    expect(json.find((t: { name: string }) => t.name === 'used')).toMatchObject({
      status: 'expiring_soon',
      last_used_at: expect.any(String),
    })
    await gh.deps.db
      .updateTable('api_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', used.id)
      .execute()
    const expired = await gatehouse('token', 'list', '--status', 'expired', '--quiet')
    expect(expired.stdout.trim().split('\n')).toEqual([used.id])
    const stale = await gatehouse('token', 'list', '--stale', '--json')
    expect(JSON.parse(stale.stdout)).toEqual([])
    const badStatus = await gatehouse('token', 'list', '--status', 'gone')
    expect(badStatus.code).toBe(2)
  })
})

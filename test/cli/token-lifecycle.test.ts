import { readFileSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_TOKEN_PATTERN } from '../../src/core/token.ts'
import { call, signUpAndLogIn, type TestUser } from '../support/api.ts'
import { startTestGatehouse, type TestGatehouse } from '../support/harness.ts'
import { cliEnv, freshHome, removeHomes, runCli } from './run-cli.ts'

/**
 * A script's whole path, with no prompt and only --quiet/--json output: login, org create,
 * token create, the token works, token list, token delete, the token is refused.
 */
describe('gatehouse CLI: a script manages a token end to end', () => {
  let gh: TestGatehouse
  let apiUrl: string
  let user: TestUser
  const { home, configFile } = freshHome()
  let env: Record<string, string>

  beforeAll(async () => {
    gh = await startTestGatehouse('pglite')
    const address = await gh.app.listen({ host: '127.0.0.1', port: 0 })
    apiUrl = `${address}/api`
    user = await signUpAndLogIn(gh, 'Script Runner')
    env = cliEnv(home, apiUrl)
  })
  afterAll(async () => {
    await gh?.close()
    removeHomes()
  })

  const fetchWhoami = (token: string) =>
    fetch(`${apiUrl}/auth/whoami`, { headers: { authorization: `Token ${token}` } })

  let organizationId: string
  let token: string
  let tokenId: string
  const orgName = `Acme ${Date.now()}`

  it('logs in with --email and the password on stdin, keeping only the session, mode 0600', async () => {
    const login = await runCli(['login', '--email', user.email], env, `${user.password}\n`)
    expect(login.stderr).toContain(`as Script Runner <${user.email}>`)
    expect(login.code).toBe(0)
    expect(statSync(configFile).mode & 0o777).toBe(0o600)
    expect(statSync(dirname(configFile)).mode & 0o077).toBe(0)
    const stored = readFileSync(configFile, 'utf8')
    expect(stored).not.toContain(user.password)
    expect(JSON.parse(stored)).toMatchObject({
      api_url: apiUrl,
      session: { token: expect.stringMatching(/^gses_/) },
    })
    expect(login.stdout + login.stderr).not.toMatch(/gses_/)

    const whoami = await runCli(['whoami', '--json'], env)
    expect(whoami.code).toBe(0)
    expect(JSON.parse(whoami.stdout)).toEqual({
      type: 'user',
      user: { id: user.id, email: user.email, name: 'Script Runner' },
    })
  })

  it('creates an organization, printing only its id with --quiet', async () => {
    const created = await runCli(['org', 'create', orgName, '--quiet'], env)
    expect(created.code).toBe(0)
    organizationId = created.stdout.trim()
    expect(organizationId).toMatch(/^[0-9a-f-]{36}$/)
    const listed = await runCli(['org', 'list', '--json'], env)
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ id: organizationId, name: orgName }),
    ])
  })

  it('creates a token with no prompt; --quiet prints the value alone', async () => {
    const created = await runCli(
      ['token', 'create', '--quiet', '--org', orgName, '--role', 'devops', '--name', 'ci'],
      env,
    )
    expect(created.stderr).toBe('')
    expect(created.code).toBe(0)
    token = created.stdout.trimEnd()
    expect(created.stdout).toBe(`${token}\n`)
    expect(token).toMatch(new RegExp(`^${API_TOKEN_PATTERN.source.replace(/\\b/g, '')}$`))
  })

  it('the new token works against the API, with its role and organization', async () => {
    const response = await fetchWhoami(token)
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(body.api_token).toMatchObject({ name: 'ci', role_name: 'devops', organization_id: organizationId })
    tokenId = body.api_token.id

    // And through the CLI itself, with GATEHOUSE_TOKEN and no login at all.
    const viaCli = await runCli(
      ['whoami', '--json'],
      cliEnv(freshHome().home, apiUrl, { GATEHOUSE_TOKEN: token }),
    )
    expect(viaCli.code).toBe(0)
    expect(JSON.parse(viaCli.stdout).api_token.id).toBe(tokenId)
  })

  it('the audit trail records the creation as made from the CLI', async () => {
    const event = await gh.deps.db
      .selectFrom('audit_events')
      .select(['origin', 'user_agent'])
      .where('action', '=', 'api_token.created')
      .where('target_id', '=', tokenId)
      .executeTakeFirstOrThrow()
    expect(event.origin).toBe('cli')
    expect(event.user_agent).toMatch(/^gatehouse-cli\/\d+\.\d+\.\d+/)
  })

  it('--json prints the full creation response, secret included', async () => {
    const created = await runCli(
      [
        'token',
        'create',
        '--json',
        '--org',
        organizationId,
        '--role',
        'viewer',
        '--name',
        'dashboards',
        '--description',
        'Grafana',
      ],
      env,
    )
    expect(created.code).toBe(0)
    expect(JSON.parse(created.stdout)).toMatchObject({
      name: 'dashboards',
      description: 'Grafana',
      role_name: 'viewer',
      token: expect.stringMatching(/^gtok_/),
    })
  })

  it('token list shows the token without its value, as JSON and as a table', async () => {
    const json = await runCli(['token', 'list', '--json', '--org', orgName], env)
    expect(json.code).toBe(0)
    const results = JSON.parse(json.stdout)
    expect(results.map((t: { name: string }) => t.name).sort()).toEqual(['ci', 'dashboards'])
    const ci = results.find((t: { name: string }) => t.name === 'ci')
    expect(ci).toMatchObject({ id: tokenId, role_name: 'devops', creator_name: 'Script Runner' })
    expect(ci).not.toHaveProperty('token')
    expect(json.stdout).not.toContain(token)
    expect(json.stdout).not.toMatch(/gtok_/)

    const table = await runCli(['token', 'list', '--org', orgName, '--name', 'c'], env)
    expect(table.code).toBe(0)
    const lines = table.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(
      /^NAME\s+ROLE\s+STATUS\s+EXPIRES\s+LAST USED\s+CREATED BY\s+CREATED\s+ID\s+DESCRIPTION$/,
    )
    expect(
      lines
        .slice(1)
        .map((l) => l.split(/\s+/)[0])
        .sort(),
    ).toEqual(['ci'])
    expect(table.stdout).not.toMatch(/gtok_/)
  })

  it('token delete refuses without --yes when stdin is not a terminal, and deletes nothing', async () => {
    const refused = await runCli(['token', 'delete', 'ci', '--org', orgName], env)
    expect(refused.code).toBe(2)
    expect(refused.stderr.trim().split('\n')).toHaveLength(1)
    expect(refused.stderr).toMatch(/stdin is not a terminal.*--yes/)
    expect((await fetchWhoami(token)).status).toBe(200)
  })

  it('token delete --yes deletes by name; the token is refused at once', async () => {
    const deleted = await runCli(['token', 'delete', 'ci', '--org', orgName, '--yes', '--json'], env)
    expect(deleted.code).toBe(0)
    expect(JSON.parse(deleted.stdout)).toEqual({ id: tokenId, name: 'ci', deleted: true })
    expect((await fetchWhoami(token)).status).toBe(401)

    const viaCli = await runCli(['whoami'], cliEnv(freshHome().home, apiUrl, { GATEHOUSE_TOKEN: token }))
    expect(viaCli.code).toBe(1)
    expect(viaCli.stderr.trim().split('\n')).toHaveLength(1)
    expect(viaCli.stderr).toMatch(/^error: A valid credential is required.* Check GATEHOUSE_TOKEN/)

    const listed = await runCli(['token', 'list', '--quiet', '--org', orgName], env)
    expect(listed.stdout).not.toContain(tokenId)
  })

  it('deleting an unknown token is a usage error: one line, exit 2', async () => {
    const missing = await runCli(['token', 'delete', 'ci', '--org', orgName, '--yes'], env)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toBe('error: No API token "ci" (see `gatehouse token list`).\n')
  })

  it('logout ends the session on the server and forgets it here', async () => {
    const session = JSON.parse(readFileSync(configFile, 'utf8')).session.token as string
    const out = await runCli(['logout'], env)
    expect(out.code).toBe(0)
    expect(readFileSync(configFile, 'utf8')).not.toContain('gses_')
    const after = await call(gh, 'GET', '/auth/whoami', { as: { session } })
    expect(after.status).toBe(401)
    const whoami = await runCli(['whoami'], env)
    expect(whoami.code).toBe(1)
    expect(whoami.stderr).toMatch(/^error: Not signed in to .*gatehouse login/)
  })
})

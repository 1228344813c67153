import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken, createOrganization, signUpAndLogIn, type TestUser } from '../support/api.ts'
import { startTestGatehouse, type TestGatehouse } from '../support/harness.ts'
import { type CliResult, cliEnv, freshHome, removeHomes, runCli, runInTerminal } from './run-cli.ts'

/** One line on stderr, nothing on stdout, no stack trace: what every failure must look like. */
function expectOneLineFailure(result: CliResult, code: number, message: RegExp) {
  expect(result.code).toBe(code)
  expect(result.stdout).toBe('')
  expect(result.stderr.endsWith('\n')).toBe(true)
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
  expect(result.stderr).toMatch(message)
  expect(result.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/)
}

/** A port with nothing listening: the "server down" case. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('gatehouse CLI: bad usage and failures', () => {
  let gh: TestGatehouse
  let apiUrl: string
  let user: TestUser

  beforeAll(async () => {
    gh = await startTestGatehouse('pglite')
    apiUrl = `${await gh.app.listen({ host: '127.0.0.1', port: 0 })}/api`
    user = await signUpAndLogIn(gh, 'Usage Tester')
  })
  afterAll(async () => {
    await gh?.close()
    removeHomes()
  })

  const loggedIn = async () => {
    const { home } = freshHome()
    const env = cliEnv(home, apiUrl)
    const login = await runCli(['login', '--email', user.email], env, user.password)
    expect(login.code).toBe(0)
    return env
  }

  it('an unknown flag is a usage error: exit 2, one line', async () => {
    const result = await runCli(['token', 'list', '--bogus'], cliEnv(freshHome().home, apiUrl))
    expectOneLineFailure(result, 2, /^error: unknown option '--bogus'/)
  })

  it('a missing argument is a usage error: exit 2, one line', async () => {
    const env = cliEnv(freshHome().home, apiUrl)
    expectOneLineFailure(await runCli(['org', 'create'], env), 2, /^error: missing required argument 'name'/)
    expectOneLineFailure(
      await runCli(['token', 'delete'], env),
      2,
      /^error: missing required argument 'token'/,
    )
  })

  it('an unknown command is a usage error, with the suggestion on the same line', async () => {
    const result = await runCli(['tokn'], cliEnv(freshHome().home, apiUrl))
    expectOneLineFailure(result, 2, /^error: unknown command 'tokn'.*Did you mean token\?/)
  })

  it('token create with no terminal says which detail is missing, exit 2, before any request', async () => {
    // No login at all: the missing flag is reported first, because a script must fix that.
    const env = cliEnv(freshHome().home, apiUrl)
    expectOneLineFailure(
      await runCli(['token', 'create', '--org', 'x', '--role', 'devops'], env),
      2,
      /^error: Missing --name .*no terminal to ask on/,
    )
    expectOneLineFailure(
      await runCli(['token', 'create', '--name', 'ci'], env),
      2,
      /^error: Missing --role \(admin, devops, billing or viewer\)/,
    )
  })

  it('an invalid choice is a usage error', async () => {
    const env = cliEnv(freshHome().home, apiUrl)
    const result = await runCli(['env', 'create', 'staging', '--project', 'web', '--mode', 'LIVE'], env)
    expectOneLineFailure(result, 2, /^error: option '--mode <mode>' argument 'LIVE' is invalid/)
  })

  it('a wrong password fails with the server detail in one line, exit 1, and writes no config', async () => {
    const { home, configFile } = freshHome()
    const result = await runCli(['login', '--email', user.email], cliEnv(home, apiUrl), 'not-the-password\n')
    expectOneLineFailure(result, 1, /^error: .+/)
    expect(result.stderr).not.toContain('not-the-password')
    expect(existsSync(configFile)).toBe(false)
  })

  it('a server that is down fails in one line, exit 1', async () => {
    const port = await closedPort()
    const env = cliEnv(freshHome().home, `http://127.0.0.1:${port}/api`)
    const result = await runCli(['login', '--email', user.email], env, user.password)
    expectOneLineFailure(
      result,
      1,
      new RegExp(
        `^error: Cannot reach the Gatehouse server at http://127.0.0.1:${port}/api: connection refused`,
      ),
    )
  })

  it('--api-url overrides GATEHOUSE_API_URL, and a malformed one is a usage error', async () => {
    const env = cliEnv(freshHome().home, 'http://127.0.0.1:9/api')
    const login = await runCli(['login', '--email', user.email, '--api-url', apiUrl], env, user.password)
    expect(login.code).toBe(0)
    expectOneLineFailure(await runCli(['whoami', '--api-url', 'not a url'], env), 2, /is not a URL/)
  })

  it('the session is never sent to another server than the one that issued it', async () => {
    const env = await loggedIn()
    const elsewhere = await runCli(['whoami', '--api-url', 'http://127.0.0.1:9/api'], env)
    expectOneLineFailure(elsewhere, 1, /^error: Not signed in to http:\/\/127.0.0.1:9\/api/)
  })

  it('a session ended elsewhere: the server detail and what to do, in one line', async () => {
    const env = await loggedIn()
    const stored = JSON.parse(readFileSync(`${env.XDG_CONFIG_HOME}/gatehouse/config.json`, 'utf8'))
    await fetch(`${apiUrl}/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stored.session.token}` },
    })
    expectOneLineFailure(
      await runCli(['org', 'list'], env),
      1,
      /^error: A valid credential is required.* run `gatehouse login` again\.$/m,
    )
  })

  it('a GATEHOUSE_TOKEN that is not a Gatehouse token is refused by its prefix, exit 2', async () => {
    const env = cliEnv(freshHome().home, apiUrl, { GATEHOUSE_TOKEN: 'ghp_notours' })
    expectOneLineFailure(await runCli(['whoami'], env), 2, /^error: GATEHOUSE_TOKEN is not a Gatehouse token/)
  })

  it('a well-formed but unknown API token is refused by the server: exit 1, one line', async () => {
    const env = cliEnv(freshHome().home, apiUrl, {
      GATEHOUSE_TOKEN: 'gtok_000000000000000000000000000000000000',
    })
    expectOneLineFailure(await runCli(['whoami'], env), 1, /^error: A valid credential is required/)
  })

  it('a role that forbids the action gets the server detail: exit 1, one line', async () => {
    const org = await createOrganization(gh, user)
    const viewer = await createApiToken(gh, org, 'viewer')
    const env = cliEnv(freshHome().home, apiUrl, { GATEHOUSE_TOKEN: viewer.token })
    expectOneLineFailure(await runCli(['token', 'list'], env), 1, /^error: .*(role|permission|allow)/i)
  })

  it('a duplicate token name: the server detail in one line, exit 1', async () => {
    const env = await loggedIn()
    const org = await createOrganization(gh, user)
    const args = ['token', 'create', '--org', org.id, '--role', 'viewer', '--name', 'twice', '--quiet']
    expect((await runCli(args, env)).code).toBe(0)
    expectOneLineFailure(await runCli(args, env), 1, /^error: An API token named "twice" already exists/)
  })

  it('--help on every command exits 0 and shows an example', async () => {
    const commands = [
      [],
      ['signup'],
      ['login'],
      ['logout'],
      ['whoami'],
      ['org'],
      ['org', 'list'],
      ['org', 'create'],
      ['org', 'use'],
      ['token'],
      ['token', 'create'],
      ['token', 'list'],
      ['token', 'delete'],
      ['member'],
      ['member', 'list'],
      ['member', 'invite'],
      ['member', 'set-role'],
      ['member', 'remove'],
      ['project'],
      ['project', 'list'],
      ['project', 'create'],
      ['env'],
      ['env', 'list'],
      ['env', 'create'],
    ]
    const env = cliEnv(freshHome().home, apiUrl)
    for (let i = 0; i < commands.length; i += 4) {
      const batch = commands.slice(i, i + 4)
      const results = await Promise.all(batch.map((c) => runCli([...c, '--help'], env)))
      results.forEach((result, j) => {
        const name = ['gatehouse', ...(batch[j] as string[])].join(' ')
        expect(result.code, name).toBe(0)
        expect(result.stdout, name).toMatch(new RegExp(`Usage: ${name}`))
        expect(result.stdout, name).toMatch(/Examples:\n {2}\$ gatehouse /)
      })
    }
  }, 120_000)

  it('colour only on a terminal, and never with NO_COLOR', async () => {
    const env = cliEnv(freshHome().home, apiUrl, {
      GATEHOUSE_TOKEN: 'gtok_000000000000000000000000000000000000',
    })
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for colour codes
    const colour = /\u001b\[3\dm/
    const piped = await runCli(['whoami'], env)
    expect(piped.stderr).not.toMatch(colour)
    const terminal = await runInTerminal(['whoami'], env, [])
    expect(terminal.output).toMatch(colour)
    const noColour = await runInTerminal(['whoami'], { ...env, NO_COLOR: '1' }, [])
    expect(noColour.output).not.toMatch(colour)
    expect(noColour.shown).toMatch(/error: A valid credential is required/)
  })
})

describe('gatehouse CLI: which organization a command works in', () => {
  let gh: TestGatehouse
  let apiUrl: string
  let user: TestUser

  beforeAll(async () => {
    gh = await startTestGatehouse('pglite')
    apiUrl = `${await gh.app.listen({ host: '127.0.0.1', port: 0 })}/api`
    user = await signUpAndLogIn(gh, 'Org Chooser')
  })
  afterAll(async () => {
    await gh?.close()
    removeHomes()
  })

  it('the only one; then, with several, --org or `org use` (remembered), never a guess', async () => {
    const { home, configFile } = freshHome()
    const env = cliEnv(home, apiUrl)
    expect((await runCli(['login', '--email', user.email], env, user.password)).code).toBe(0)
    const first = await createOrganization(gh, user)
    await createApiToken(gh, first, 'devops')

    const only = await runCli(['token', 'list', '--json'], env)
    expect(only.code).toBe(0)
    expect(JSON.parse(only.stdout)).toHaveLength(1)

    const second = await createOrganization(gh, user)
    expectOneLineFailure(await runCli(['token', 'list'], env), 2, /several organizations: pass --org/)
    const byName = await runCli(['token', 'list', '--json', '--org', second.name.toUpperCase()], env)
    expect(JSON.parse(byName.stdout)).toEqual([])
    expectOneLineFailure(await runCli(['token', 'list', '--org', 'Nope'], env), 2, /No organization "Nope"/)

    const use = await runCli(['org', 'use', first.name], env)
    expect(use.code).toBe(0)
    expect(use.stdout).toBe(`Using organization ${first.name} (${first.id}).\n`)
    expect(JSON.parse(readFileSync(configFile, 'utf8')).organization).toEqual({
      id: first.id,
      name: first.name,
    })
    const remembered = await runCli(['token', 'list', '--json'], env)
    expect(JSON.parse(remembered.stdout)).toHaveLength(1)

    const listed = await runCli(['org', 'list'], env)
    expect(listed.stdout).toMatch(new RegExp(`^\\*\\s+${first.name}`, 'm'))
  })

  it("with GATEHOUSE_TOKEN, the token's own organization, with no login and no config written", async () => {
    const org = await createOrganization(gh, user)
    const admin = await createApiToken(gh, org, 'admin')
    const { home, configFile } = freshHome()
    const env = cliEnv(home, apiUrl, { GATEHOUSE_TOKEN: admin.token })
    const created = await runCli(
      ['token', 'create', '--role', 'viewer', '--name', 'from-a-token', '--quiet'],
      env,
    )
    expect(created.code).toBe(0)
    const listed = await runCli(['token', 'list', '--json'], env)
    expect(
      JSON.parse(listed.stdout)
        .map((t: { name: string }) => t.name)
        .sort(),
    ).toEqual([admin.name, 'from-a-token'].sort())
    expect(existsSync(configFile)).toBe(false)
  })
})

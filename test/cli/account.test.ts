import { existsSync, readFileSync } from 'node:fs'
import { createServer, request, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, signUpAndLogIn, type TestUser, uniqueSuffix } from '../support/api.ts'
import { startTestGatehouse, type TestGatehouse } from '../support/harness.ts'
import { type CliResult, cliEnv, freshHome, removeHomes, runCli, runInTerminal } from './run-cli.ts'

const ENTER = '\r'
const WRONG_CREDENTIALS =
  'error: No account with this email, or a wrong password. New here? Create an account with `gatehouse signup`.\n'

function expectOneLineFailure(result: CliResult, code: number) {
  expect(result.code, result.stderr).toBe(code)
  expect(result.stdout).toBe('')
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
}

const newEmail = () => `new-${uniqueSuffix()}@example.test`

/** A reverse proxy that serves Gatehouse under /gatehouse: the API is at /gatehouse/api. */
function mountUnder(prefix: string, target: URL): Promise<{ url: string; server: Server }> {
  const server = createServer((incoming, outgoing) => {
    if (!incoming.url?.startsWith(`${prefix}/`)) {
      outgoing.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>')
      return
    }
    const forwarded = request(
      { host: target.hostname, port: target.port, method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(outgoing)
      },
    )
    forwarded.path = incoming.url.slice(prefix.length)
    incoming.pipe(forwarded)
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      resolve({ url: `http://127.0.0.1:${port}`, server })
    }),
  )
}

describe('gatehouse CLI: an account from the terminal', () => {
  let gh: TestGatehouse
  let origin: string
  let apiUrl: string
  let user: TestUser

  beforeAll(async () => {
    gh = await startTestGatehouse('pglite')
    origin = await gh.app.listen({ host: '127.0.0.1', port: 0 })
    apiUrl = `${origin}/api`
    user = await signUpAndLogIn(gh, 'Existing Person')
  })
  afterAll(async () => {
    await gh?.close()
    removeHomes()
  })

  it('signup in a script: --email, --name, the password on stdin; then signed in, like login', async () => {
    const { home, configFile } = freshHome()
    const env = cliEnv(home, apiUrl)
    const email = newEmail()
    const signup = await runCli(['signup', '--email', email, '--name', 'Ada'], env, 'a long passphrase\n')
    expect(signup.code, signup.stderr).toBe(0)
    expect(signup.stdout).toBe('')
    expect(signup.stderr).toBe(
      `Created the account Ada <${email}>.\nSigned in to ${apiUrl} as Ada <${email}>.\n`,
    )
    const stored = readFileSync(configFile, 'utf8')
    expect(stored).not.toContain('a long passphrase')
    expect(JSON.parse(stored)).toMatchObject({ api_url: apiUrl, session: { email } })
    const whoami = await runCli(['whoami', '--json'], env)
    expect(JSON.parse(whoami.stdout).user).toMatchObject({ email, name: 'Ada' })
  })

  it('signup --no-login creates the account and keeps nothing; --json prints the account', async () => {
    const { home, configFile } = freshHome()
    const email = newEmail()
    const signup = await runCli(
      ['signup', '--email', email, '--name', 'Bo', '--no-login', '--json'],
      cliEnv(home, apiUrl),
      'a long passphrase',
    )
    expect(signup.code, signup.stderr).toBe(0)
    expect(JSON.parse(signup.stdout)).toMatchObject({ email, name: 'Bo' })
    expect(existsSync(configFile)).toBe(false)
    const login = await call(gh, 'POST', '/auth/login', { body: { email, password: 'a long passphrase' } })
    expect(login.status).toBe(200)
  })

  it("signup shows the server's own words for an invalid field: exit 1, one line", async () => {
    const body = { email: newEmail(), name: 'Short', password: 'short' }
    const direct = await call(gh, 'POST', '/auth/signup', { body })
    expect(direct.status).toBe(400)
    const words = direct.body.errors.find((e: { field: string }) => e.field.endsWith('password')).message
    const { home, configFile } = freshHome()
    const result = await runCli(
      ['signup', '--email', newEmail(), '--name', 'Short'],
      cliEnv(home, apiUrl),
      'short',
    )
    expectOneLineFailure(result, 1)
    expect(result.stderr).toContain(`password ${words}`)
    expect(existsSync(configFile)).toBe(false)
  })

  it('signup with an email that has an account says to sign in instead: exit 1', async () => {
    const result = await runCli(
      ['signup', '--email', user.email, '--name', 'Again'],
      cliEnv(freshHome().home, apiUrl),
      'a long passphrase',
    )
    expectOneLineFailure(result, 1)
    expect(result.stderr).toContain(`sign in with \`gatehouse login --email ${user.email}\``)
  })

  it('signup with no terminal and a detail missing is a usage error, before anything is sent', async () => {
    const env = cliEnv(freshHome().home, 'http://127.0.0.1:9/api')
    const noName = await runCli(['signup', '--email', newEmail()], env, 'a long passphrase')
    expectOneLineFailure(noName, 2)
    expect(noName.stderr).toMatch(/^error: Missing --name \(your name\); there is no terminal to ask on\./)
    const noEmail = await runCli(['signup', '--name', 'Ada'], env, 'a long passphrase')
    expectOneLineFailure(noEmail, 2)
    expect(noEmail.stderr).toMatch(/^error: Missing --email/)
  })

  it('signup at a terminal asks email, name and the password twice, never echoed', async () => {
    const { home, configFile } = freshHome()
    const email = newEmail()
    const session = await runInTerminal(['signup'], cliEnv(home, apiUrl), [
      { waitFor: /Email/, send: `${email}${ENTER}` },
      { waitFor: /Name/, send: `Cy Terminal${ENTER}` },
      { waitFor: /Password/, send: `first passphrase${ENTER}` },
      { waitFor: /Repeat the password/, send: `other passphrase${ENTER}` },
      { waitFor: /do not match[\s\S]*Password/, send: `second passphrase${ENTER}` },
      { waitFor: /Repeat the password/, send: `second passphrase${ENTER}` },
    ])
    expect(session.code).toBe(0)
    expect(session.shown).toContain(`Signed in to ${apiUrl} as Cy Terminal <${email}>.`)
    expect(session.output).not.toMatch(/passphrase/)
    expect(JSON.parse(readFileSync(configFile, 'utf8')).session.email).toBe(email)
    const login = await call(gh, 'POST', '/auth/login', { body: { email, password: 'second passphrase' } })
    expect(login.status).toBe(200)
  })

  it('login points at signup, with the same words for an unknown email and a wrong password', async () => {
    const env = cliEnv(freshHome().home, apiUrl)
    const unknown = await runCli(['login', '--email', newEmail()], env, 'a long passphrase')
    const wrong = await runCli(['login', '--email', user.email], env, 'not the password')
    for (const result of [unknown, wrong]) {
      expectOneLineFailure(result, 1)
      expect(result.stderr).toBe(WRONG_CREDENTIALS)
    }
  })

  it('--api-url with no path means its /api, silently', async () => {
    const { home, configFile } = freshHome()
    const env = cliEnv(home, 'http://127.0.0.1:9/api')
    const login = await runCli(['login', '--email', user.email, '--api-url', origin], env, user.password)
    expect(login.code, login.stderr).toBe(0)
    expect(login.stderr).toBe(`Signed in to ${apiUrl} as Existing Person <${user.email}>.\n`)
    expect(JSON.parse(readFileSync(configFile, 'utf8')).api_url).toBe(apiUrl)
    const whoami = await runCli(['whoami', '--api-url', `${origin}/`], env)
    expect(whoami.code, whoami.stderr).toBe(0)
  })

  it('--api-url where the server answers 404: says exactly what to write instead, exit 2', async () => {
    const proxy = await mountUnder('/gatehouse', new URL(origin))
    try {
      const env = cliEnv(freshHome().home, apiUrl)
      const mounted = `${proxy.url}/gatehouse`
      // Through the proxy with /api, the URL is right: that is what the message must suggest.
      const through = await runCli(
        ['login', '--email', user.email, '--api-url', `${mounted}/api`],
        env,
        user.password,
      )
      expect(through.code, through.stderr).toBe(0)

      const noApi = await runCli(['login', '--email', user.email, '--api-url', mounted], env, user.password)
      expectOneLineFailure(noApi, 2)
      expect(noApi.stderr).toBe(
        `error: No Gatehouse API at ${mounted}: add /api (--api-url ${mounted}/api).\n`,
      )

      const elsewhere = await runCli(
        ['login', '--email', user.email, '--api-url', `${origin}/v1`],
        env,
        user.password,
      )
      expectOneLineFailure(elsewhere, 2)
      expect(elsewhere.stderr).toBe(
        `error: No Gatehouse API at ${origin}/v1: it is at ${apiUrl} (--api-url ${apiUrl}).\n`,
      )
    } finally {
      proxy.server.close()
    }
  })
})

import { readFileSync, statSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, signUpAndLogIn, type TestUser, uniqueSuffix } from '../support/api.ts'
import { startTestGatehouse, type TestGatehouse } from '../support/harness.ts'
import { cliEnv, freshHome, removeHomes, runCli, runInTerminal } from './run-cli.ts'

const ENTER = '\r'
const TOKEN_IN_TEXT = /gtok_[0-9A-Za-z]{36}/

/** A person at a terminal does what the script does, by answering prompts (in a pseudo-terminal). */
describe('gatehouse CLI: a person at a terminal manages a token by answering prompts', () => {
  let gh: TestGatehouse
  let apiUrl: string
  let user: TestUser
  const { home, configFile } = freshHome()
  let env: Record<string, string>

  beforeAll(async () => {
    gh = await startTestGatehouse('pglite')
    apiUrl = `${await gh.app.listen({ host: '127.0.0.1', port: 0 })}/api`
    user = await signUpAndLogIn(gh, 'Terminal Person')
    env = cliEnv(home, apiUrl)
  })
  afterAll(async () => {
    await gh?.close()
    removeHomes()
  })

  const whoamiStatus = async (token: string) =>
    (await fetch(`${apiUrl}/auth/whoami`, { headers: { authorization: `Token ${token}` } })).status

  it('login asks for the email and the password, and never echoes the password', async () => {
    const session = await runInTerminal(['login'], env, [
      { waitFor: /Email/, send: `${user.email}${ENTER}` },
      { waitFor: /Password/, send: `${user.password}${ENTER}` },
    ])
    expect(session.code).toBe(0)
    expect(session.shown).toContain(`Signed in to ${apiUrl} as Terminal Person <${user.email}>.`)
    expect(session.output).not.toContain(user.password)
    expect(statSync(configFile).mode & 0o777).toBe(0o600)
    expect(readFileSync(configFile, 'utf8')).not.toContain(user.password)
  })

  let token: string
  const orgName = `Solo ${uniqueSuffix()}`

  it('token create asks role, name and description; the only organization is not asked', async () => {
    const org = await call(gh, 'POST', '/organization', { as: user.as, body: { name: orgName } })
    expect(org.status).toBe(201)
    const session = await runInTerminal(['token', 'create'], env, [
      // Typing a choice's first letters moves the cursor to it.
      { waitFor: /Role/, send: `devops${ENTER}` },
      { waitFor: /Name/, send: `laptop${ENTER}` },
      { waitFor: /Description/, send: `made by hand${ENTER}` },
    ])
    expect(session.code).toBe(0)
    expect(session.shown).not.toMatch(/Organization/)
    const lines = session.shown.split('\n').map((l) => l.trim())
    const at = lines.findIndex((l) => TOKEN_IN_TEXT.test(l))
    expect(at).toBeGreaterThan(0)
    token = (lines[at] as string).match(TOKEN_IN_TEXT)?.[0] as string
    // The value sits between warnings that it will not be shown again.
    expect(lines[at - 1]).toMatch(/^warning: Copy this token now: it will not be shown again\./)
    expect(lines[at + 1]).toMatch(
      /^warning: Token "laptop" \(role devops, id .*\) cannot be read back later\./,
    )

    const whoami = await fetch(`${apiUrl}/auth/whoami`, { headers: { authorization: `Token ${token}` } })
    expect(whoami.status).toBe(200)
    expect((await whoami.json()).api_token).toMatchObject({ name: 'laptop', role_name: 'devops' })
  })

  it('an empty name is not accepted: the prompt insists', async () => {
    const session = await runInTerminal(['token', 'create', '--role', 'viewer'], env, [
      { waitFor: /Name/, send: ENTER },
      { waitFor: /must provide a value/, send: `second${ENTER}` },
      { waitFor: /Description/, send: ENTER },
    ])
    expect(session.code).toBe(0)
    expect(session.shown).toMatch(/Token "second" \(role viewer/)
  })

  it('token list shows the tokens in a table, without values', async () => {
    const session = await runInTerminal(['token', 'list'], env, [])
    expect(session.code).toBe(0)
    expect(session.shown).toMatch(/NAME\s+ROLE\s+STATUS\s+EXPIRES\s+LAST USED\s+ID/)
    // Sized to the 100-column terminal: the lifecycle columns stay, the creator's column goes.
    expect(session.shown).not.toMatch(/CREATED BY/)
    expect(session.shown).toMatch(
      /laptop\s+devops\s+active\s+never\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+[0-9a-f-]{36}/,
    )
    expect(session.shown).toMatch(/second\s+viewer\s+active\s+never\s+never\s+[0-9a-f-]{36}/)
    for (const line of session.shown.split('\n')) expect([...line].length).toBeLessThanOrEqual(100)
    expect(session.shown).not.toMatch(/gtok_/)
  })

  it('token delete asks to confirm; "no" keeps the token', async () => {
    const session = await runInTerminal(['token', 'delete', 'laptop'], env, [
      { waitFor: /Delete the API token "laptop"/, send: `n${ENTER}` },
    ])
    expect(session.code).toBe(1)
    expect(session.shown).toMatch(/nothing was changed/)
    expect(await whoamiStatus(token)).toBe(200)
  })

  it('token delete asks to confirm; "yes" deletes it and the token is refused', async () => {
    const session = await runInTerminal(['token', 'delete', 'laptop'], env, [
      { waitFor: /Delete the API token "laptop"/, send: `y${ENTER}` },
    ])
    expect(session.code).toBe(0)
    expect(session.shown).toMatch(/Deleted the API token "laptop"/)
    expect(await whoamiStatus(token)).toBe(401)
  })

  it('with several organizations, token create asks which one', async () => {
    const other = await call(gh, 'POST', '/organization', {
      as: user.as,
      body: { name: `Other ${uniqueSuffix()}` },
    })
    expect(other.status).toBe(201)
    // Pick the one that is not first in the list, by typing its name.
    const session = await runInTerminal(['token', 'create', '--role', 'viewer', '--name', 'picked'], env, [
      { waitFor: /Organization/, send: `Solo${ENTER}` },
    ])
    expect(session.code).toBe(0)
    expect(session.shown).toMatch(/Organization\s+Solo/)
    const inSolo = await runCli(['token', 'list', '--json', '--org', orgName], env)
    expect(JSON.parse(inSolo.stdout).map((t: { name: string }) => t.name)).toContain('picked')
    const inOther = await runCli(['token', 'list', '--json', '--org', other.body.id], env)
    expect(JSON.parse(inOther.stdout)).toEqual([])
  })
})

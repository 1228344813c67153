import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  addMember,
  call,
  createApiToken,
  createOrganization,
  signUpAndLogIn,
  type TestOrganization,
  type TestUser,
} from '../support/api.ts'
import { startTestGatehouse, type TestGatehouse } from '../support/harness.ts'
import { cliEnv, freshHome, removeHomes, runCli, runInTerminal } from './run-cli.ts'

/** Who runs the command: the signed-in owner, a viewer API token, nobody, or a GATEHOUSE_TOKEN that is not ours. */
type As = 'owner' | 'viewer' | 'nobody' | 'foreign token'

interface Mistake {
  kind: string
  args: string[]
  as?: As
  stdin?: string
}

const USAGE = 2
const REFUSED = 1

/**
 * The same kind of mistake gets the same exit code from every command: a wrong value on the
 * command line (an unknown role, organization, project, token or member; a missing detail with
 * no terminal; a malformed value) is a usage error, 2; a refusal by the server is 1. Each failure
 * is one line on stderr and nothing on stdout.
 */
describe('gatehouse CLI: exit codes by kind of mistake, across commands', () => {
  let gh: TestGatehouse
  let apiUrl: string
  let owner: TestUser
  let member: TestUser
  let org: TestOrganization
  let tokenName: string
  const envs = {} as Record<As, Record<string, string>>

  beforeAll(async () => {
    gh = await startTestGatehouse('pglite')
    apiUrl = `${await gh.app.listen({ host: '127.0.0.1', port: 0 })}/api`
    owner = await signUpAndLogIn(gh, 'Exit Owner')
    org = await createOrganization(gh, owner)
    member = await addMember(gh, org, 'viewer', 'Vic Viewer')
    const project = await call(gh, 'POST', `/organization/${org.id}/project`, {
      as: owner.as,
      body: { name: 'web' },
    })
    expect(project.status).toBe(201)
    tokenName = (await createApiToken(gh, org, 'devops')).name
    const viewer = await createApiToken(gh, org, 'viewer')
    envs.owner = cliEnv(freshHome().home, apiUrl)
    envs.viewer = cliEnv(freshHome().home, apiUrl, { GATEHOUSE_TOKEN: viewer.token })
    envs.nobody = cliEnv(freshHome().home, apiUrl)
    envs['foreign token'] = cliEnv(freshHome().home, apiUrl, { GATEHOUSE_TOKEN: 'ghp_notours' })
    expect((await runCli(['login', '--email', owner.email], envs.owner, owner.password)).code).toBe(0)
  })
  afterAll(async () => {
    await gh?.close()
    removeHomes()
  })

  async function expectExit(mistakes: Mistake[], code: number) {
    for (let i = 0; i < mistakes.length; i += 4) {
      const batch = mistakes.slice(i, i + 4)
      const results = await Promise.all(
        batch.map((m) => runCli(m.args, envs[m.as ?? 'owner'], m.stdin ?? '')),
      )
      results.forEach((result, j) => {
        const m = batch[j] as Mistake
        const name = `${m.kind}: gatehouse ${m.args.join(' ')} (as ${m.as ?? 'owner'})`
        expect(result.code, `${name}\n${result.stderr}`).toBe(code)
        expect(result.stdout, name).toBe('')
        expect(result.stderr, name).toMatch(/^error: [^\n]+\n$/)
      })
    }
  }

  it('an unknown role, wherever a role is given: 2', async () => {
    const kind = 'unknown role'
    await expectExit(
      [
        { kind, args: ['token', 'create', '--role', 'nope', '--name', 'x'] },
        { kind, args: ['member', 'invite', 'new@example.test', '--role', 'nope'] },
        { kind, args: ['member', 'set-role', member.email, 'nope'] },
        { kind, args: ['member', 'set-role', member.email, '--role', 'nope'] },
        { kind: 'the owner role', args: ['token', 'create', '--role', 'owner', '--name', 'x'] },
        { kind: 'the owner role', args: ['member', 'set-role', member.email, 'OWNER'] },
      ],
      USAGE,
    )
  })

  it('an unknown organization, by name or id, on every command that takes --org: 2', async () => {
    const kind = 'unknown organization'
    const unknownId = '00000000-0000-4000-8000-000000000000'
    const commands = [
      ['token', 'create', '--role', 'viewer', '--name', 'x'],
      ['token', 'list'],
      ['token', 'delete', tokenName, '--yes'],
      ['member', 'list'],
      ['member', 'invite', 'new@example.test', '--role', 'viewer'],
      ['member', 'set-role', member.email, 'viewer'],
      ['member', 'remove', member.email, '--yes'],
      ['project', 'list'],
      ['project', 'create', 'p'],
      ['env', 'list', '--project', 'web'],
      ['env', 'create', 's', '--project', 'web', '--mode', 'STAGING'],
    ]
    await expectExit(
      [
        ...commands.map((args) => ({ kind, args: [...args, '--org', 'Nope'] })),
        { kind, args: ['token', 'list', '--org', unknownId] },
        { kind, args: ['project', 'list', '--org', unknownId] },
        { kind, args: ['org', 'use', 'Nope'] },
        { kind, args: ['org', 'use', unknownId] },
      ],
      USAGE,
    )
  }, 120_000)

  it('an unknown project, token or member: 2', async () => {
    await expectExit(
      [
        { kind: 'unknown project', args: ['env', 'list', '--project', 'nope'] },
        { kind: 'unknown project', args: ['env', 'create', 's', '--project', 'nope', '--mode', 'STAGING'] },
        { kind: 'unknown token', args: ['token', 'delete', 'nope', '--yes'] },
        { kind: 'unknown member', args: ['member', 'remove', 'nobody@example.test', '--yes'] },
        { kind: 'unknown member', args: ['member', 'set-role', 'nobody@example.test', 'viewer'] },
      ],
      USAGE,
    )
  })

  it('a required detail missing, with no terminal to ask on: 2', async () => {
    const kind = 'missing detail'
    await expectExit(
      [
        { kind, args: ['login'], as: 'nobody', stdin: 'a password' },
        { kind, args: ['login', '--email', owner.email], as: 'nobody' },
        { kind, args: ['signup', '--name', 'Ada'], as: 'nobody', stdin: 'a long passphrase' },
        { kind, args: ['signup', '--email', 'ada@example.test'], as: 'nobody', stdin: 'a long passphrase' },
        { kind, args: ['token', 'create', '--role', 'viewer'] },
        { kind, args: ['token', 'create', '--name', 'x'] },
        { kind, args: ['member', 'invite', 'new@example.test'] },
        { kind, args: ['member', 'set-role', member.email] },
        { kind, args: ['env', 'create', 's', '--project', 'web'] },
        { kind: 'no --yes', args: ['token', 'delete', tokenName] },
        { kind: 'no --yes', args: ['member', 'remove', member.email] },
        { kind: 'missing argument', args: ['org', 'create'] },
        { kind: 'missing argument', args: ['org', 'use'] },
        { kind: 'missing argument', args: ['token', 'delete'] },
        { kind: 'missing argument', args: ['member', 'invite'] },
        { kind: 'missing argument', args: ['member', 'set-role'] },
        { kind: 'missing argument', args: ['member', 'remove'] },
        { kind: 'missing argument', args: ['project', 'create'] },
        { kind: 'missing argument', args: ['env', 'create', '--project', 'web'] },
        { kind: 'missing option', args: ['env', 'list'] },
      ],
      USAGE,
    )
  }, 120_000)

  it('a malformed value or flags that contradict each other: 2', async () => {
    const both = ['--json', '--quiet']
    await expectExit(
      [
        { kind: 'bad choice', args: ['env', 'create', 's', '--project', 'web', '--mode', 'FOO'] },
        { kind: 'bad URL', args: ['whoami', '--api-url', 'not a url'] },
        { kind: 'bad URL', args: ['login', '--api-url', 'ftp://example.com'], stdin: 'x' },
        { kind: 'bad GATEHOUSE_TOKEN', args: ['token', 'list'], as: 'foreign token' },
        { kind: 'unknown option', args: ['member', 'list', '--bogus'] },
        { kind: '--json and --quiet', args: ['org', 'list', ...both] },
        { kind: '--json and --quiet', args: ['org', 'create', 'x', ...both] },
        { kind: '--json and --quiet', args: ['token', 'list', ...both] },
        { kind: '--json and --quiet', args: ['token', 'create', '--role', 'viewer', '--name', 'x', ...both] },
        { kind: '--json and --quiet', args: ['member', 'list', ...both] },
        {
          kind: '--json and --quiet',
          args: ['member', 'invite', 'a@example.test', '--role', 'viewer', ...both],
        },
        { kind: '--json and --quiet', args: ['project', 'list', ...both] },
        { kind: '--json and --quiet', args: ['project', 'create', 'x', ...both] },
        { kind: '--json and --quiet', args: ['env', 'list', '--project', 'web', ...both] },
      ],
      USAGE,
    )
  }, 120_000)

  it('a refusal by the server: 1', async () => {
    await expectExit(
      [
        { kind: 'permission', args: ['token', 'list'], as: 'viewer' },
        { kind: 'permission', args: ['token', 'create', '--role', 'viewer', '--name', 'x'], as: 'viewer' },
        {
          kind: 'permission',
          args: ['member', 'invite', 'new@example.test', '--role', 'viewer'],
          as: 'viewer',
        },
        { kind: 'permission', args: ['project', 'create', 'p'], as: 'viewer' },
        { kind: 'name taken', args: ['project', 'create', 'web'] },
        { kind: 'invalid field', args: ['member', 'invite', 'not-an-email', '--role', 'viewer'] },
        { kind: 'owner', args: ['member', 'set-role', owner.email, 'viewer'] },
        { kind: 'wrong password', args: ['login', '--email', owner.email], as: 'nobody', stdin: 'wrong' },
        {
          kind: 'invalid field',
          args: ['signup', '--email', 'short@example.test', '--name', 'S'],
          as: 'nobody',
          stdin: 'short',
        },
      ],
      REFUSED,
    )
  }, 120_000)

  it('roles by name, in any case, wherever a role is given', async () => {
    const env = envs.owner
    const created = await runCli(['token', 'create', '--role', 'DevOps', '--name', 'cased', '--json'], env)
    expect(created.code, created.stderr).toBe(0)
    expect(JSON.parse(created.stdout).role_name).toBe('devops')

    const invited = await runCli(
      ['member', 'invite', 'cased@example.test', '--role', 'VIEWER', '--json'],
      env,
    )
    expect(invited.code, invited.stderr).toBe(0)
    expect(JSON.parse(invited.stdout).role_name).toBe('viewer')

    const byArgument = await runCli(['member', 'set-role', member.email, 'Billing', '--json'], env)
    expect(byArgument.code, byArgument.stderr).toBe(0)
    const byFlag = await runCli(['member', 'set-role', member.email, '--role', 'ADMIN'], env)
    expect(byFlag.code, byFlag.stderr).toBe(0)
    expect(byFlag.stdout).toBe(`Vic Viewer <${member.email}> is now admin.\n`)
    const byId = await runCli(['member', 'set-role', member.email, '--role', org.roles.viewer], env)
    expect(byId.stdout).toBe(`Vic Viewer <${member.email}> is now viewer.\n`)

    // With no role given, a person is asked, as token create and member invite do.
    const asked = await runInTerminal(['member', 'set-role', member.email], env, [
      { waitFor: /Role/, send: 'billing\r' },
    ])
    expect(asked.code, asked.shown).toBe(0)
    expect(asked.shown).toContain(`Vic Viewer <${member.email}> is now billing.`)
  })
})

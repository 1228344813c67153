import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  addMember,
  createOrganization,
  signUpAndLogIn,
  type TestOrganization,
  type TestUser,
} from '../support/api.ts'
import { startTestGatehouse, type TestGatehouse } from '../support/harness.ts'
import { cliEnv, freshHome, removeHomes, runCli } from './run-cli.ts'

/** member, project and env commands, as a script runs them (--json, --quiet, --yes). */
describe('gatehouse CLI: members, projects and environments', () => {
  let gh: TestGatehouse
  let apiUrl: string
  let owner: TestUser
  let org: TestOrganization
  let env: Record<string, string>

  beforeAll(async () => {
    gh = await startTestGatehouse('pglite')
    apiUrl = `${await gh.app.listen({ host: '127.0.0.1', port: 0 })}/api`
    owner = await signUpAndLogIn(gh, 'Owner Person')
    org = await createOrganization(gh, owner)
    env = cliEnv(freshHome().home, apiUrl)
    expect((await runCli(['login', '--email', owner.email], env, owner.password)).code).toBe(0)
  })
  afterAll(async () => {
    await gh?.close()
    removeHomes()
  })

  it('member list, set-role and remove (by email), with --yes for a script', async () => {
    const member = await addMember(gh, org, 'viewer', 'Vera Viewer')
    const listed = await runCli(['member', 'list', '--json'], env)
    expect(listed.code).toBe(0)
    expect(JSON.parse(listed.stdout)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: member.id, email: member.email, role_name: 'viewer' }),
        expect.objectContaining({ id: owner.id, role_name: 'owner' }),
      ]),
    )

    const changed = await runCli(['member', 'set-role', member.email, 'devops'], env)
    expect(changed.code).toBe(0)
    expect(changed.stdout).toBe(`Vera Viewer <${member.email}> is now devops.\n`)
    const table = await runCli(['member', 'list'], env)
    expect(table.stdout).toMatch(new RegExp(`Vera Viewer\\s+${member.email.replace('.', '\\.')}\\s+devops`))

    const refused = await runCli(['member', 'remove', member.email], env)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/Pass --yes/)
    const removed = await runCli(['member', 'remove', member.email, '--yes'], env)
    expect(removed.code).toBe(0)
    const after = JSON.parse((await runCli(['member', 'list', '--json'], env)).stdout)
    expect(after.map((m: { id: string }) => m.id)).not.toContain(member.id)
  })

  it('member invite prints the invitation link; --invitations lists it', async () => {
    const invited = await runCli(
      ['member', 'invite', 'newcomer@example.test', '--role', 'viewer', '--quiet'],
      env,
    )
    expect(invited.code).toBe(0)
    expect(invited.stdout.trim()).toMatch(/^https?:\/\/\S+$/)
    const listed = await runCli(['member', 'list', '--invitations', '--json'], env)
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ email: 'newcomer@example.test', role_name: 'viewer' }),
    ])
  })

  it('project create and list; env create and list in that project (by name)', async () => {
    const created = await runCli(
      ['project', 'create', 'web', '--description', 'The storefront', '--quiet'],
      env,
    )
    expect(created.code).toBe(0)
    const projectId = created.stdout.trim()
    const projects = JSON.parse((await runCli(['project', 'list', '--json'], env)).stdout)
    expect(projects).toEqual([
      expect.objectContaining({ id: projectId, name: 'web', description: 'The storefront' }),
    ])

    const environment = await runCli(
      ['env', 'create', 'staging', '--project', 'web', '--mode', 'staging', '--json'],
      env,
    )
    expect(environment.code).toBe(0)
    expect(JSON.parse(environment.stdout)).toMatchObject({
      name: 'staging',
      mode: 'STAGING',
      project: { id: projectId },
    })
    const environments = await runCli(['env', 'list', '--project', projectId], env)
    expect(environments.stdout).toMatch(/^NAME\s+MODE\s+CREATED\s+ID\nstaging\s+STAGING\s/)
    // No --mode and no terminal to ask on: a usage error, nothing created.
    const noMode = await runCli(['env', 'create', 'prod', '--project', 'web'], env)
    expect(noMode.code).toBe(2)
    expect(noMode.stderr).toMatch(/^error: Missing --mode/)
  })
})

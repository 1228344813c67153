import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOrganization, signUpAndLogIn, type TestOrganization } from '../support/api.ts'
import { createEnvironment, createProject } from '../support/fixtures.ts'
import { startTestGatehouse, type TestGatehouse } from '../support/harness.ts'
import { cliEnv, freshHome, removeHomes, runCli } from './run-cli.ts'

/** role, deploy and deployment commands, run as the real binary against a real server. */
describe('gatehouse CLI: custom roles and deployments', () => {
  let gh: TestGatehouse
  let apiUrl: string
  let org: TestOrganization
  let env: Record<string, string>

  beforeAll(async () => {
    gh = await startTestGatehouse('pglite')
    apiUrl = `${await gh.app.listen({ host: '127.0.0.1', port: 0 })}/api`
    const owner = await signUpAndLogIn(gh, 'Owner Person')
    org = await createOrganization(gh, owner)
    const web = await createProject(gh, org, { name: 'web' })
    await createEnvironment(gh, org, web.id, { name: 'staging', mode: 'STAGING' })
    await createEnvironment(gh, org, web.id, { name: 'dev', mode: 'DEVELOPMENT' })
    await createProject(gh, org, { name: 'api' })
    env = cliEnv(freshHome().home, apiUrl)
    expect((await runCli(['login', '--email', owner.email], env, owner.password)).code).toBe(0)
  })
  afterAll(async () => {
    await gh?.close()
    removeHomes()
  })

  it('a token with DEPLOYER on STAGING of web deploys there through the CLI, sees nothing else, and loses it when the role changes', async () => {
    const created = await runCli(['role', 'create', 'web-ci', '--description', 'deploys web', '--quiet'], env)
    expect(created.code, created.stderr).toBe(0)
    const roleId = created.stdout.trim()

    const granted = await runCli(
      ['role', 'grant', 'web-ci', '--project', 'web', '--mode', 'staging', '--permission', 'deployer'],
      env,
    )
    expect(granted.code, granted.stderr).toBe(0)
    expect(granted.stdout).toMatch(/PROJECT\s+DEVELOPMENT\s+PREVIEW\s+STAGING\s+PRODUCTION\s+ADMIN/)
    expect(granted.stdout).toMatch(/web\s+NO_ACCESS\s+NO_ACCESS\s+DEPLOYER\s+NO_ACCESS\s+no/)
    // Grants add up: another mode keeps the first.
    expect(
      (
        await runCli(
          [
            'role',
            'grant',
            'web-ci',
            '--project',
            'web',
            '--mode',
            'DEVELOPMENT',
            '--permission',
            'NO_ACCESS',
          ],
          env,
        )
      ).code,
    ).toBe(0)
    const shown = await runCli(['role', 'show', roleId, '--json'], env)
    expect(JSON.parse(shown.stdout).project_permissions).toEqual([
      expect.objectContaining({
        project_name: 'web',
        is_admin: false,
        permissions: expect.arrayContaining([{ environment_type: 'STAGING', permission: 'DEPLOYER' }]),
      }),
    ])
    const listed = JSON.parse((await runCli(['role', 'list', '--json'], env)).stdout)
    expect(listed.map((r: { name: string }) => r.name)).toEqual([
      'owner',
      'admin',
      'devops',
      'billing',
      'viewer',
      'web-ci',
    ])
    expect((await runCli(['role', 'list'], env)).stdout).toMatch(/web-ci\s+custom\s+organization:read/)

    const token = (
      await runCli(['token', 'create', '--role', 'web-ci', '--name', 'web-ci', '--quiet'], env)
    ).stdout.trim()
    expect(token).toMatch(/^gtok_/)
    const asToken = cliEnv(freshHome().home, apiUrl, { GATEHOUSE_TOKEN: token })

    const deployed = await runCli(
      ['deploy', '--project', 'web', '--env', 'staging', '--version', 'abc1234'],
      asToken,
    )
    expect(deployed.code, deployed.stderr).toBe(0)
    expect(deployed.stdout).toMatch(
      /^Requested abc1234 on web\/staging \(STAGING\): QUEUED, deployment [0-9a-f-]{36}\.\n$/,
    )
    const projects = JSON.parse((await runCli(['project', 'list', '--json'], asToken)).stdout)
    expect(projects.map((p: { name: string }) => p.name)).toEqual(['web'])
    const environments = JSON.parse(
      (await runCli(['env', 'list', '--project', 'web', '--json'], asToken)).stdout,
    )
    expect(environments.map((e: { name: string }) => e.name)).toEqual(['staging'])
    // What it cannot see is not there, for it: a usage error, exit 2.
    const dev = await runCli(['deploy', '--project', 'web', '--env', 'dev', '--version', 'abc1234'], asToken)
    expect(dev.code).toBe(2)
    expect(dev.stderr).toMatch(/No environment "dev"/)
    expect(
      (await runCli(['deploy', '--project', 'api', '--env', 'staging', '--version', 'abc1234'], asToken))
        .code,
    ).toBe(2)

    const deployments = await runCli(
      ['deployment', 'list', '--project', 'web', '--env', 'staging', '--json'],
      asToken,
    )
    expect(JSON.parse(deployments.stdout)).toEqual([
      expect.objectContaining({
        version: 'abc1234',
        status: 'QUEUED',
        requested_by: expect.objectContaining({ type: 'api_token', name: 'web-ci' }),
      }),
    ])
    expect(
      (await runCli(['deployment', 'list', '--project', 'web', '--env', 'staging'], env)).stdout,
    ).toMatch(/abc1234\s+QUEUED\s+web-ci/)

    // The role changes: the very next deploy is refused by the server (exit 1, its words).
    expect(
      (
        await runCli(
          ['role', 'grant', 'web-ci', '--project', 'web', '--mode', 'STAGING', '--permission', 'VIEWER'],
          env,
        )
      ).code,
    ).toBe(0)
    const refused = await runCli(
      ['deploy', '--project', 'web', '--env', 'staging', '--version', 'def5678'],
      asToken,
    )
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(
      /does not allow deploying STAGING environments of this project \(that needs DEPLOYER\)/,
    )

    // Deleting a held role says who holds it; once nobody does, it goes.
    const held = await runCli(['role', 'delete', 'web-ci', '--yes'], env)
    expect(held.code).toBe(1)
    expect(held.stderr).toMatch(/held by 1 API token/)
    expect((await runCli(['token', 'delete', 'web-ci', '--yes'], env)).code).toBe(0)
    const deleted = await runCli(['role', 'delete', 'web-ci', '--yes'], env)
    expect(deleted.code, deleted.stderr).toBe(0)
    expect(deleted.stderr).toMatch(/^Deleted the custom role "web-ci"/)
  })

  it('grant --admin, and usage errors for what cannot be a grant', async () => {
    expect((await runCli(['role', 'create', 'web-admin'], env)).code).toBe(0)
    const admin = await runCli(['role', 'grant', 'web-admin', '--project', 'web', '--admin'], env)
    expect(admin.code, admin.stderr).toBe(0)
    expect(admin.stdout).toMatch(/web\s+MANAGER\s+MANAGER\s+MANAGER\s+MANAGER\s+yes/)
    const usage = [
      ['role', 'grant', 'web-admin', '--project', 'web'],
      ['role', 'grant', 'web-admin', '--project', 'web', '--mode', 'STAGING'],
      ['role', 'grant', 'web-admin', '--project', 'web', '--mode', 'QA', '--permission', 'VIEWER'],
      ['role', 'grant', 'web-admin', '--project', 'web', '--mode', 'STAGING', '--permission', 'OWNER'],
      ['role', 'grant', 'admin', '--project', 'web', '--admin'],
      ['role', 'grant', 'web-admin', '--project', 'nope', '--admin'],
      ['role', 'delete', 'web-admin'],
      ['deploy', '--project', 'web', '--env', 'staging'],
    ]
    for (const args of usage) {
      const result = await runCli(args, env)
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(2)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
    }
    expect((await runCli(['role', 'show', 'viewer'], env)).stdout).toMatch(/^viewer \(built-in\)/)
  })
})

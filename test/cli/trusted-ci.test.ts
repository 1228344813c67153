import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOrganization, signUpAndLogIn, type TestOrganization, type TestUser } from '../support/api.ts'
import { startTestGatehouse, type TestGatehouse } from '../support/harness.ts'
import { githubClaims, gitlabClaims, startTestIssuer, type TestIssuer } from '../support/oidc-issuer.ts'
import { cliEnv, freshHome, removeHomes, runCli } from './run-cli.ts'

/**
 * Trusted CI from the command line: an admin makes a trust with `gatehouse trust`, and a CI job
 * signs in with `gatehouse login --oidc`, its ID token coming from a fake GitHub Actions runner
 * endpoint (ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN) or from a GitLab-style variable.
 */
// Each test runs the binary a few times: on a 2-core machine under full load that passes 30 s.
describe('gatehouse CLI: trust and login --oidc', { timeout: 120_000 }, () => {
  let gh: TestGatehouse
  let issuer: TestIssuer
  let runner: Server
  let runnerUrl: string
  const runnerRequests: { audience: string | null; authorization: string | undefined }[] = []
  let server: string
  let apiUrl: string
  let user: TestUser
  let org: TestOrganization
  const admin = freshHome()
  let adminEnv: Record<string, string>

  beforeAll(async () => {
    issuer = await startTestIssuer()
    gh = await startTestGatehouse('pglite', { GATEHOUSE_OIDC_ISSUERS: issuer.url })
    server = await gh.app.listen({ host: '127.0.0.1', port: 0 })
    apiUrl = `${server}/api`
    runner = createServer(async (request, response) => {
      const url = new URL(request.url ?? '/', 'http://runner')
      runnerRequests.push({
        audience: url.searchParams.get('audience'),
        authorization: request.headers.authorization,
      })
      if (request.headers.authorization !== 'bearer runner-request-token')
        return response.writeHead(403).end()
      const claims = githubClaims(issuer.url, url.searchParams.get('audience') ?? '')
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ value: await issuer.sign(claims) }))
    })
    await new Promise<void>((done) => runner.listen(0, '127.0.0.1', done))
    runnerUrl = `http://127.0.0.1:${(runner.address() as AddressInfo).port}`
    user = await signUpAndLogIn(gh, 'Trust Admin')
    org = await createOrganization(gh, user)
    adminEnv = cliEnv(admin.home, apiUrl)
    expect((await runCli(['login', '--email', user.email], adminEnv, `${user.password}\n`)).code).toBe(0)
  })
  afterAll(async () => {
    await gh?.close()
    await issuer?.close()
    await new Promise<void>((done) => (runner ? runner.close(() => done()) : done()))
    removeHomes()
  })

  /** A job of GitHub Actions: the runner's variables, nothing else (no session, no secret). */
  const githubJob = (home: string) =>
    cliEnv(home, apiUrl, {
      GITHUB_ACTIONS: 'true',
      // The runner's URL already carries a query, as GitHub's does.
      ACTIONS_ID_TOKEN_REQUEST_URL: `${runnerUrl}/_apis/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-request-token',
      GATEHOUSE_ORG: org.id,
    })

  it('creates a trust, says what it accepts in words, and lists it', async () => {
    const created = await runCli(
      [
        'trust',
        'create',
        '--org',
        org.id,
        '--name',
        'deploy-main',
        '--issuer',
        issuer.url,
        '--repository',
        'acme/web',
        '--ref',
        'refs/heads/main',
        '--role',
        'devops',
        '--audience',
        server,
      ],
      adminEnv,
    )
    expect(created.stderr).toContain('jobs of acme/web on refs/heads/main get devops tokens for 15 min')
    expect(created.code).toBe(0)
    const listed = await runCli(['trust', 'list', '--org', org.id], { ...adminEnv, COLUMNS: '200' })
    expect(listed.code).toBe(0)
    expect(listed.stdout).toMatch(/deploy-main\s+jobs of acme\/web on refs\/heads\/main\s+devops/)
    const json = JSON.parse((await runCli(['trust', 'list', '--org', org.id, '--json'], adminEnv)).stdout)
    expect(json).toMatchObject([
      { name: 'deploy-main', issuer: issuer.url, conditions: { repository: 'acme/web' } },
    ])
    // A trust that would take any repository is refused by the server, in its words.
    const wide = await runCli(
      [
        'trust',
        'create',
        '--org',
        org.id,
        '--name',
        'wide',
        '--issuer',
        issuer.url,
        '--repository',
        '*',
        '--role',
        'viewer',
      ],
      adminEnv,
    )
    expect(wide.code).toBe(1)
    expect(wide.stderr).toMatch(/owner or group/)
  })

  it('login --oidc --quiet, in GitHub Actions: asks the runner for an ID token with the audience, prints the API token', async () => {
    const job = freshHome()
    const result = await runCli(['login', '--oidc', '--quiet'], githubJob(job.home))
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const token = result.stdout.trim()
    expect(token).toMatch(/^gtok_[0-9A-Za-z]{36}$/)
    expect(runnerRequests.at(-1)).toEqual({ audience: server, authorization: 'bearer runner-request-token' })
    const whoami = await fetch(`${apiUrl}/auth/whoami`, { headers: { authorization: `Token ${token}` } })
    expect((await whoami.json()).api_token).toMatchObject({ organization_id: org.id, role_name: 'devops' })
  })

  it('login --oidc keeps the token for the next commands of the job, and they act with the trust role', async () => {
    const job = freshHome()
    const env = githubJob(job.home)
    const login = await runCli(['login', '--oidc'], env)
    expect(login.stderr).toMatch(/next gatehouse commands of this job use a token that expires in 15 min/)
    expect(login.code).toBe(0)
    expect(login.stdout).toBe('')
    const stored = JSON.parse(readFileSync(job.configFile, 'utf8'))
    expect(stored.ci_token).toMatchObject({ token: expect.stringMatching(/^gtok_/), organization_id: org.id })
    // The ID token itself is kept nowhere.
    expect(readFileSync(job.configFile, 'utf8')).not.toMatch(/eyJ/)
    const whoami = await runCli(['whoami', '--json'], env)
    expect(whoami.code).toBe(0)
    expect(JSON.parse(whoami.stdout).api_token).toMatchObject({
      role_name: 'devops',
      organization_id: org.id,
    })
    const project = await runCli(['project', 'create', 'deployed-by-ci', '--quiet'], env)
    expect(project.code, project.stderr).toBe(0)
    // The trust's role only: devops does not manage members.
    const members = await runCli(['member', 'invite', 'x@example.test', '--role', 'viewer'], env)
    expect(members.code).toBe(1)
  })

  it('login --oidc --id-token-env, as in GitLab CI, and a job no trust accepts is refused', async () => {
    const job = freshHome()
    const idToken = await issuer.sign(gitlabClaims(issuer.url, server))
    const env = cliEnv(job.home, apiUrl, { GATEHOUSE_ID_TOKEN: idToken })
    const refused = await runCli(
      ['login', '--oidc', '--org', org.id, '--id-token-env', 'GATEHOUSE_ID_TOKEN'],
      env,
    )
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/No trust of this organization accepts this ID token/)
    expect(refused.stderr).not.toContain(idToken)

    const gitlab = await runCli(
      [
        'trust',
        'create',
        '--org',
        org.id,
        '--name',
        'gitlab',
        '--issuer',
        issuer.url,
        '--project-path',
        'acme/platform/*',
        '--role',
        'viewer',
        '--audience',
        server,
        '--lifetime',
        '120',
        '--quiet',
      ],
      adminEnv,
    )
    expect(gitlab.code, gitlab.stderr).toBe(0)
    const fresh = await issuer.sign(gitlabClaims(issuer.url, server))
    const accepted = await runCli(
      ['login', '--oidc', '--org', org.id, '--id-token-env', 'GATEHOUSE_ID_TOKEN', '--json'],
      { ...env, GATEHOUSE_ID_TOKEN: fresh },
    )
    expect(accepted.code, accepted.stderr).toBe(0)
    expect(JSON.parse(accepted.stdout)).toMatchObject({ token_type: 'Token', expires_in: 120 })
  })

  it('says what is missing outside CI, and when the job may not ask for an ID token', async () => {
    const job = freshHome()
    const nowhere = await runCli(['login', '--oidc', '--org', org.id], cliEnv(job.home, apiUrl))
    expect(nowhere.code).toBe(2)
    expect(nowhere.stderr).toMatch(/--id-token-env/)
    const noPermission = await runCli(
      ['login', '--oidc', '--org', org.id],
      cliEnv(job.home, apiUrl, { GITHUB_ACTIONS: 'true' }),
    )
    expect(noPermission.code).toBe(1)
    expect(noPermission.stderr).toMatch(/id-token: write/)
    const byName = await runCli(['login', '--oidc', '--org', 'acme'], githubJob(job.home))
    expect(byName.code).toBe(2)
  })

  it('trust delete: the job token it issued stops working, and the CLI says to sign in again', async () => {
    const job = freshHome()
    const env = githubJob(job.home)
    expect((await runCli(['login', '--oidc'], env)).code).toBe(0)
    const deleted = await runCli(['trust', 'delete', 'deploy-main', '--org', org.id, '--yes'], adminEnv)
    expect(deleted.code).toBe(0)
    const whoami = await runCli(['whoami'], env)
    expect(whoami.code).toBe(1)
    expect(whoami.stderr).toMatch(/login --oidc/)
  })
})

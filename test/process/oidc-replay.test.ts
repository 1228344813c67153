import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clonePostgresTemplate, dropPostgresDatabase } from '../support/harness.ts'
import { githubClaims, startTestIssuer, type TestIssuer } from '../support/oidc-issuer.ts'
import { http, type ServerProcess, startServerProcess } from '../support/process.ts'

const adminUrl = process.env.GATEHOUSE_TEST_DATABASE_URL
if (!adminUrl)
  console.warn('oidc-replay.test.ts: skipped, GATEHOUSE_TEST_DATABASE_URL is not set (CI sets it)')

const AUDIENCE = 'https://gatehouse.test'

/**
 * A CI job's ID token is exchanged once, whichever process it reaches: two real Gatehouse
 * processes on one PostgreSQL, the same token sent to both at the same moment.
 */
describe.skipIf(!adminUrl)('a replayed ID token, across two server processes on PostgreSQL', () => {
  let databaseUrl = ''
  let issuer: TestIssuer
  let a: ServerProcess
  let b: ServerProcess
  let organizationId = ''

  beforeAll(async () => {
    issuer = await startTestIssuer()
    databaseUrl = await clonePostgresTemplate()
    const env = { DATABASE_URL: databaseUrl, GATEHOUSE_OIDC_ISSUERS: issuer.url }
    ;[a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)])
    const email = `replay-${randomBytes(4).toString('hex')}@example.test`
    expect(
      (await http(a.url, 'POST', '/auth/signup', { body: { email, password: 'password-123', name: 'R' } }))
        .status,
    ).toBe(201)
    const login = await http(a.url, 'POST', '/auth/login', { body: { email, password: 'password-123' } })
    const authorization = `Bearer ${login.body.token}`
    const org = await http(a.url, 'POST', '/organization', { authorization, body: { name: 'Replays' } })
    organizationId = org.body.id
    const roles = await http(a.url, 'GET', `/organization/${organizationId}/availableRole`, { authorization })
    const devops = roles.body.results.find((role: { name: string }) => role.name === 'devops').id
    const trust = await http(a.url, 'POST', `/organization/${organizationId}/oidcTrust`, {
      authorization,
      body: {
        name: 'web',
        issuer: issuer.url,
        audience: AUDIENCE,
        conditions: { repository: 'acme/web' },
        role_id: devops,
      },
    })
    expect(trust.status).toBe(201)
  }, 120_000)

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop(), issuer?.close()])
    if (databaseUrl) await dropPostgresDatabase(databaseUrl)
  })

  const exchange = (server: ServerProcess, token: string) =>
    http(server.url, 'POST', '/oidc/token', {
      body: {
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token: token,
        subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
        organization_id: organizationId,
      },
    })

  it('one after the other: the second process refuses what the first exchanged', async () => {
    const token = await issuer.sign(githubClaims(issuer.url, AUDIENCE))
    expect((await exchange(a, token)).status).toBe(200)
    const replay = await exchange(b, token)
    expect(replay.status).toBe(400)
    expect(replay.body).toMatchObject({
      reason: 'invalid_grant',
      detail: expect.stringMatching(/already exchanged/),
    })
  })

  it('at the same moment: exactly one of the two processes issues a token, ten times over', async () => {
    for (let round = 0; round < 10; round++) {
      const token = await issuer.sign(githubClaims(issuer.url, AUDIENCE))
      const answers = await Promise.all([exchange(a, token), exchange(b, token)])
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400])
    }
  })
})

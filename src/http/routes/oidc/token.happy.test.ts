import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  call,
  createOrganization,
  signUpAndLogIn,
  type TestOrganization,
} from '../../../../test/support/api.ts'
import { auditEvents } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'
import { AUDIENCE, createTrust, exchange, issuedTokens } from '../../../../test/support/oidc.ts'
import {
  githubClaims,
  gitlabClaims,
  startTestIssuer,
  type TestIssuer,
} from '../../../../test/support/oidc-issuer.ts'
import { scanTokenExpiries } from '../../../services/webhooks/expiry.ts'

// Started before the server, whose GATEHOUSE_OIDC_ISSUERS must name them.
const github = await startTestIssuer()
const gitlab = await startTestIssuer()
const rotating = await startTestIssuer()
afterAll(() => Promise.all([github.close(), gitlab.close(), rotating.close()]))

describeEachDatabase(
  'POST /oidc/token: ID tokens exchanged',
  (gatehouse) => {
    let org: TestOrganization
    const realNow = () => new Date()

    beforeAll(async () => {
      org = await createOrganization(gatehouse(), await signUpAndLogIn(gatehouse()))
    })

    it('turns a GitHub Actions ID token into a working token with the trust role, named after the job', async () => {
      const gh = gatehouse()
      const trust = await createTrust(gh, org, {
        name: 'deploy-main',
        issuer: github.url,
        conditions: { repository: 'acme/web', ref: 'refs/heads/main' },
        role: 'devops',
      })
      const claims = githubClaims(github.url, AUDIENCE)
      const response = await exchange(gh, org.id, await github.sign(claims))
      expect(response.status, response.text).toBe(200)
      expect(response.body).toEqual({
        access_token: expect.stringMatching(/^gtok_[0-9A-Za-z]{36}$/),
        issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        token_type: 'Token',
        expires_in: 900,
      })
      expect(response.headers['cache-control']).toBe('no-store')
      expect(response.headers.pragma).toBe('no-cache')

      const as = { token: response.body.access_token as string }
      const whoami = await call(gh, 'GET', '/auth/whoami', { as })
      expect(whoami.status).toBe(200)
      expect(whoami.body.api_token).toMatchObject({ organization_id: org.id, role_name: 'devops' })
      expect(whoami.body.api_token.name).toMatch(
        /^oidc:deploy-main:repo:acme\/web:ref:refs\/heads\/main:[0-9a-f]{6}$/,
      )
      // devops may create projects, not manage members: the trust's role, nothing more.
      expect(
        (await call(gh, 'POST', `/organization/${org.id}/project`, { as, body: { name: 'from-ci' } })).status,
      ).toBe(201)
      expect((await call(gh, 'GET', `/organization/${org.id}/inviteMember`, { as })).status).toBe(403)

      const listed = await call(gh, 'GET', `/organization/${org.id}/apiToken`, { as: org.owner.as })
      const mine = listed.body.results.find(
        (token: { name: string }) => token.name === whoami.body.api_token.name,
      )
      expect(mine).toMatchObject({ origin: 'oidc', role_name: 'devops', creator_name: 'trust deploy-main' })
      expect(mine.description).toBe(`Issued to acme/web on refs/heads/main run ${claims.run_id}`)

      const [issued] = await auditEvents(gh, org.id, 'oidc.token_issued')
      expect(issued).toMatchObject({ actor_type: 'oidc', actor_id: trust.id, actor_name: claims.sub })
      expect(issued?.details).toMatchObject({
        trust: 'deploy-main',
        issuer: github.url,
        sub: claims.sub,
        repository: 'acme/web',
        ref: 'refs/heads/main',
        run_id: claims.run_id,
        role_name: 'devops',
      })
      // Never the ID token, nor the token it became.
      expect(JSON.stringify(issued)).not.toContain(String(response.body.access_token))
      expect(JSON.stringify(await gh.deps.db.selectFrom('audit_events').selectAll().execute())).not.toMatch(
        /eyJ[\w-]+\.eyJ/,
      )
    })

    it('turns a GitLab CI ID token into a token, sent as JSON, under a trust with a glob', async () => {
      const gh = gatehouse()
      const other = await createOrganization(gh, await signUpAndLogIn(gh))
      await createTrust(gh, other, {
        name: 'gitlab-releases',
        issuer: gitlab.url,
        conditions: { project_path: 'acme/platform/*', ref: 'release-*' },
        role: 'viewer',
        token_lifetime_seconds: 120,
      })
      const claims = gitlabClaims(gitlab.url, AUDIENCE, {
        projectPath: 'acme/platform/api',
        ref: 'release-2.4',
      })
      const response = await exchange(gh, other.id, await gitlab.sign(claims), { json: true })
      expect(response.status, response.text).toBe(200)
      expect(response.body.expires_in).toBe(120)
      const whoami = await call(gh, 'GET', '/auth/whoami', { as: { token: response.body.access_token } })
      expect(whoami.body.api_token.role_name).toBe('viewer')
      const [issued] = await auditEvents(gh, other.id, 'oidc.token_issued')
      expect(issued?.details).toMatchObject({
        project_path: 'acme/platform/api',
        ref: 'release-2.4',
        pipeline_id: claims.pipeline_id,
        job_id: claims.job_id,
      })
    })

    it('gives a token that works until its expiry and is refused after (the clock moved, no sleep)', async () => {
      const gh = gatehouse()
      const own = await createOrganization(gh, await signUpAndLogIn(gh))
      await createTrust(gh, own, {
        issuer: github.url,
        conditions: { sub: 'repo:acme/web:ref:refs/heads/main' },
        token_lifetime_seconds: 60,
      })
      const response = await exchange(gh, own.id, await github.sign(githubClaims(github.url, AUDIENCE)))
      expect(response.status, response.text).toBe(200)
      const as = { token: response.body.access_token as string }
      try {
        gh.deps.now = () => new Date(Date.now() + 59_000)
        expect((await call(gh, 'GET', '/auth/whoami', { as })).status).toBe(200)
        gh.deps.now = () => new Date(Date.now() + 61_000)
        expect((await call(gh, 'GET', '/auth/whoami', { as })).status).toBe(401)
      } finally {
        gh.deps.now = realNow
      }
      const [row] = await issuedTokens(gh, own.id)
      expect(row?.expires_at).toBeInstanceOf(Date)
      // Short-lived by design: no "expiring" or "expired" webhook notice for a CI job's token.
      await scanTokenExpiries(gh.deps.db, new Date(Date.now() + 120_000))
      const notices = await gh.deps.db
        .selectFrom('api_token_expiry_notices')
        .select('notice')
        .where('api_token_id', '=', row?.id as string)
        .execute()
      expect(notices).toEqual([])
    })

    it('picks up a key rotation at the issuer: the new kid refetches the keys once', async () => {
      const gh = gatehouse()
      const own = await createOrganization(gh, await signUpAndLogIn(gh))
      await createTrust(gh, own, { issuer: rotating.url, conditions: { repository: 'acme/*' } })
      const first = await exchange(gh, own.id, await rotating.sign(githubClaims(rotating.url, AUDIENCE)))
      expect(first.status, first.text).toBe(200)
      const fetched = rotating.fetches.jwks
      // Cached: a second token under the same key fetches nothing.
      const again = await exchange(gh, own.id, await rotating.sign(githubClaims(rotating.url, AUDIENCE)))
      expect(again.status).toBe(200)
      expect(rotating.fetches.jwks).toBe(fetched)

      await rotating.rotate('ES256')
      // Past the refetch cooldown (10 s), by the injected clock; the token is made for that moment.
      const later = Date.now() + 11_000
      try {
        gh.deps.now = () => new Date(later)
        const claims = githubClaims(rotating.url, AUDIENCE, {
          repository: 'acme/api',
          now: Math.floor(later / 1000),
        })
        const rotated = await exchange(gh, own.id, await rotating.sign(claims))
        expect(rotated.status, rotated.text).toBe(200)
        expect(rotating.fetches.jwks).toBe(fetched + 1)
      } finally {
        gh.deps.now = realNow
      }
      expect(await issuedTokens(gh, own.id)).toHaveLength(3)
    })

    it('deleting the trust deletes the tokens it issued: they are refused at once', async () => {
      const gh = gatehouse()
      const own = await createOrganization(gh, await signUpAndLogIn(gh))
      const trust = await createTrust(gh, own, { issuer: github.url, conditions: { repository: 'acme/web' } })
      const response = await exchange(gh, own.id, await github.sign(githubClaims(github.url, AUDIENCE)))
      const as = { token: response.body.access_token as string }
      expect((await call(gh, 'GET', '/auth/whoami', { as })).status).toBe(200)
      const deleted = await call(gh, 'DELETE', `/organization/${own.id}/oidcTrust/${trust.id}`, {
        as: own.owner.as,
      })
      expect(deleted.status).toBe(204)
      expect((await call(gh, 'GET', '/auth/whoami', { as })).status).toBe(401)
      expect(await issuedTokens(gh, own.id)).toEqual([])
      const [event] = await auditEvents(gh, own.id, 'oidc_trust.deleted')
      expect(event?.details).toEqual({ tokens_deleted: 1 })
    })
  },
  { GATEHOUSE_OIDC_ISSUERS: [github.url, gitlab.url, rotating.url].join(',') },
)

export type { TestIssuer }

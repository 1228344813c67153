import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  createOrganization,
  expectProblem,
  signUpAndLogIn,
  type TestOrganization,
} from '../../../../test/support/api.ts'
import { countRows } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase, type TestGatehouse } from '../../../../test/support/harness.ts'
import {
  AUDIENCE,
  createTrust,
  exchange,
  issuedTokens,
  refusalReasons,
} from '../../../../test/support/oidc.ts'
import {
  githubClaims,
  gitlabClaims,
  hmacWithPublicKey,
  type IssuerKey,
  startTestIssuer,
  unsignedToken,
} from '../../../../test/support/oidc-issuer.ts'

const issuer = await startTestIssuer()
/** A real issuer the operator did not list. */
const stranger = await startTestIssuer()
/** One that goes down or hangs on demand; its answers say no-store, so its keys are never cached. */
const flaky = await startTestIssuer()
flaky.cacheControl = 'no-store'
afterAll(() => Promise.all([issuer.close(), stranger.close(), flaky.close()]))

const FETCH_TIMEOUT_MS = 400

describeEachDatabase(
  'POST /oidc/token: refusals, each with nothing issued',
  (gatehouse) => {
    let org: TestOrganization
    let addresses = 0
    const now = () => Math.floor(Date.now() / 1000)

    beforeAll(async () => {
      const gh = gatehouse()
      org = await createOrganization(gh, await signUpAndLogIn(gh))
      await createTrust(gh, org, {
        name: 'web-main',
        issuer: issuer.url,
        conditions: { repository: 'acme/web', ref: 'refs/heads/main' },
      })
      await createTrust(gh, org, {
        name: 'web-releases',
        issuer: issuer.url,
        conditions: { sub: 'repo:acme/web:ref:refs/heads/release/*' },
      })
      await createTrust(gh, org, { name: 'flaky', issuer: flaky.url, conditions: { repository: 'acme/web' } })
    })

    /** Sends the token, expects invalid_grant with `detail`, nothing created but the refusal's record. */
    async function expectRefused(gh: TestGatehouse, token: string, why: string, detail: RegExp) {
      const before = await countRows(gh)
      const reasonsBefore = await refusalReasons(gh, org.id)
      // Each from an address of its own: the failure limit is low here, for its own test.
      const response = await exchange(gh, org.id, token, { ip: `203.0.113.${++addresses}` })
      expectProblem(response, 400)
      expect(response.body).toMatchObject({ reason: 'invalid_grant', error: 'invalid_grant' })
      expect(response.body.detail).toMatch(detail)
      expect(response.body.error_description).toBe(response.body.detail)
      // The caller learns nothing about the trusts: no names, no conditions.
      expect(response.text).not.toMatch(/web-main|web-releases|acme\/web/)
      expect(await issuedTokens(gh, org.id)).toEqual([])
      expect(await countRows(gh)).toEqual({ ...before, audit_events: (before.audit_events ?? 0) + 1 })
      expect(await refusalReasons(gh, org.id)).toEqual([...reasonsBefore, why])
      return response
    }

    const good = (overrides: Record<string, unknown> = {}) => ({
      ...githubClaims(issuer.url, AUDIENCE),
      ...overrides,
    })

    it('refuses an expired ID token (beyond the 60 s leeway), and takes one within it', async () => {
      const gh = gatehouse()
      await expectRefused(
        gh,
        await issuer.sign(good({ exp: now() - 61 })),
        'expired',
        /expired or not yet valid/,
      )
      const within = await exchange(gh, org.id, await issuer.sign(good({ exp: now() - 30, nbf: now() + 30 })))
      expect(within.status, within.text).toBe(200)
      await gh.deps.db
        .deleteFrom('api_tokens')
        .where('origin', '=', 'oidc')
        .where('organization_id', '=', org.id)
        .execute()
    })

    it('refuses an ID token not yet valid (nbf, or iat in the future)', async () => {
      const gh = gatehouse()
      await expectRefused(gh, await issuer.sign(good({ nbf: now() + 120 })), 'not_yet_valid', /not yet valid/)
      await expectRefused(gh, await issuer.sign(good({ iat: now() + 120 })), 'not_yet_valid', /not yet valid/)
    })

    it('refuses a wrong audience', async () => {
      const gh = gatehouse()
      await expectRefused(
        gh,
        await issuer.sign(good({ aud: 'https://elsewhere.test' })),
        'wrong_audience',
        /No trust/,
      )
    })

    it('refuses a token whose iss is not the issuer whose key signed it', async () => {
      const gh = gatehouse()
      // Signed by the stranger's key, claiming to come from the trusted issuer.
      const forged = await stranger.sign(good())
      await expectRefused(gh, forged, 'unknown_key', /signature could not be verified/)
      // Signed by the trusted issuer, naming another allowed issuer that no trust of this organization has.
      await expectRefused(gh, await issuer.sign(good({ iss: flaky.url })), 'unknown_key', /signature/)
    })

    it('refuses an issuer the operator did not allow, without fetching anything from it', async () => {
      const gh = gatehouse()
      const fetched = { ...stranger.fetches }
      await expectRefused(
        gh,
        await stranger.sign(githubClaims(stranger.url, AUDIENCE)),
        'issuer_not_allowed',
        /does not accept ID tokens from this issuer/,
      )
      expect(stranger.fetches).toEqual(fetched)
    })

    it("refuses alg none, and HS256 signed with the issuer's public key (algorithm confusion)", async () => {
      const gh = gatehouse()
      await expectRefused(gh, unsignedToken(good()), 'algorithm_not_allowed', /signature/)
      await expectRefused(
        gh,
        await hmacWithPublicKey(issuer.keys[0] as IssuerKey, good()),
        'algorithm_not_allowed',
        /signature/,
      )
    })

    it('refuses an unknown kid after refetching the keys once', async () => {
      const gh = gatehouse()
      const unpublished = await issuer.unpublishedKey()
      const before = issuer.fetches.jwks
      const realNow = gh.deps.now
      try {
        // Past the refetch cooldown, so the unknown kid does refetch.
        gh.deps.now = () => new Date(Date.now() + 11_000)
        await expectRefused(
          gh,
          await issuer.sign(good({ exp: now() + 600 }), { key: unpublished }),
          'unknown_key',
          /signature/,
        )
        expect(issuer.fetches.jwks).toBe(before + 1)
        // A second one within the cooldown fetches nothing more: random kids cannot drive fetches.
        await expectRefused(
          gh,
          await issuer.sign(good({ exp: now() + 600 }), { key: unpublished }),
          'unknown_key',
          /signature/,
        )
        expect(issuer.fetches.jwks).toBe(before + 1)
      } finally {
        gh.deps.now = realNow
      }
    })

    it('refuses a bad signature (the published kid, another key)', async () => {
      const gh = gatehouse()
      const other = await issuer.unpublishedKey()
      const published = issuer.keys[0] as IssuerKey
      await expectRefused(
        gh,
        await issuer.sign(good(), { key: other, kid: published.kid }),
        'bad_signature',
        /signature/,
      )
      // A signature of the right key over other claims.
      const [header, , signature] = (await issuer.sign(good())).split('.')
      const payload = Buffer.from(JSON.stringify(good({ repository: 'acme/other' }))).toString('base64url')
      await expectRefused(gh, `${header}.${payload}.${signature}`, 'bad_signature', /signature/)
    })

    it('refuses a replayed jti: the second exchange of one ID token', async () => {
      const gh = gatehouse()
      const token = await issuer.sign(good())
      const first = await exchange(gh, org.id, token)
      expect(first.status, first.text).toBe(200)
      const issued = await issuedTokens(gh, org.id)
      await gh.deps.db
        .deleteFrom('api_tokens')
        .where('origin', '=', 'oidc')
        .where('organization_id', '=', org.id)
        .execute()
      await expectRefused(gh, token, 'replayed', /already exchanged/)
      expect(issued).toHaveLength(1)
      // And a new token with the same jti, freshly signed: still the same ID token to us.
      await expectRefused(
        gh,
        await issuer.sign(good({ jti: await decodeJti(token) })),
        'replayed',
        /already exchanged/,
      )
    })

    it('refuses a job the conditions do not cover: another repository, another branch, a glob that must not match', async () => {
      const gh = gatehouse()
      for (const job of [
        { repository: 'acme/other' },
        { ref: 'refs/heads/feature' },
        // release/* is anchored at both ends and pinned to acme/web: neither of these is covered.
        { ref: 'refs/heads/releases/1.0', sub: 'repo:acme/web:ref:refs/heads/releases/1.0' },
        { repository: 'acme/web-evil', sub: 'repo:acme/web-evil:ref:refs/heads/release/1.0' },
      ]) {
        await expectRefused(gh, await issuer.sign(good(job)), 'conditions_not_met', /No trust/)
      }
      const [last] = (
        await gh.deps.db
          .selectFrom('audit_events')
          .select('details')
          .where('organization_id', '=', org.id)
          .where('action', '=', 'oidc.exchange_refused')
          .orderBy('created_at', 'desc')
          .limit(1)
          .execute()
      ).map((row) => row.details)
      // The admin is told which conditions each trust found unmet.
      expect(last).toMatchObject({
        reason: 'conditions_not_met',
        repository: 'acme/web-evil',
        unmet: { 'web-main': ['repository'], 'web-releases': ['sub'] },
      })
    })

    it('refuses a GitLab-shaped token when the trusts are for GitHub repositories', async () => {
      const gh = gatehouse()
      await expectRefused(
        gh,
        await issuer.sign(gitlabClaims(issuer.url, AUDIENCE)),
        'conditions_not_met',
        /No trust/,
      )
    })

    it('refuses cleanly, within the fetch timeout, when the issuer is down or hangs', async () => {
      const gh = gatehouse()
      try {
        for (const mode of ['down', 'hang'] as const) {
          flaky.mode = mode
          const started = Date.now()
          await expectRefused(
            gh,
            await flaky.sign(githubClaims(flaky.url, AUDIENCE)),
            'issuer_unavailable',
            /could not be fetched. Retry later/,
          )
          // The timeout, plus the refusal written to the trail (slow on a loaded machine); never the issuer's pace.
          expect(Date.now() - started).toBeLessThan(FETCH_TIMEOUT_MS + 3000)
        }
      } finally {
        flaky.mode = 'up'
      }
      // Back up: served again.
      const response = await exchange(gh, org.id, await flaky.sign(githubClaims(flaky.url, AUDIENCE)))
      expect(response.status, response.text).toBe(200)
      await gh.deps.db
        .deleteFrom('api_tokens')
        .where('origin', '=', 'oidc')
        .where('organization_id', '=', org.id)
        .execute()
    })

    it('refuses an organization without a trust for the issuer, and an unknown organization, alike', async () => {
      const gh = gatehouse()
      const bare = await createOrganization(gh, await signUpAndLogIn(gh))
      const token = await issuer.sign(good())
      const bareAnswer = await exchange(gh, bare.id, token, { ip: '192.0.2.1' })
      const unknownAnswer = await exchange(
        gh,
        '00000000-0000-4000-8000-000000000000',
        await issuer.sign(good()),
        {
          ip: '192.0.2.2',
        },
      )
      expectProblem(bareAnswer, 400)
      expect(unknownAnswer.text).toBe(bareAnswer.text)
      expect(await refusalReasons(gh, bare.id)).toEqual(['no_trust'])
    })

    it('answers invalid_request to a malformed request, changing nothing', async () => {
      const gh = gatehouse()
      const token = await issuer.sign(good())
      const before = await countRows(gh)
      const cases: { extra: Record<string, string>; field: string }[] = [
        { extra: { grant_type: 'client_credentials' }, field: 'body.grant_type' },
        {
          extra: { subject_token_type: 'urn:ietf:params:oauth:token-type:saml2' },
          field: 'body.subject_token_type',
        },
        { extra: { organization_id: 'acme' }, field: 'body.organization_id' },
        { extra: { subject_token: 'not-a-jwt' }, field: 'body.subject_token' },
        {
          extra: { requested_token_type: 'urn:ietf:params:oauth:token-type:refresh_token' },
          field: 'body.requested_token_type',
        },
      ]
      for (const { extra, field } of cases) {
        for (const json of [false, true]) {
          const response = await exchange(gh, org.id, token, { extra, json })
          expectProblem(response, 400)
          expect(response.body, `${field} ${json}`).toMatchObject({
            reason: 'invalid_request',
            error: 'invalid_request',
          })
          expect(response.body.errors).toContainEqual({ field, message: expect.any(String) })
        }
      }
      // A parameter given twice (RFC 6749 3.2), and a body that is neither a form nor JSON.
      const twice = await gh.app.inject({
        method: 'POST',
        url: '/api/oidc/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `grant_type=a&grant_type=b&subject_token=${token}`,
      })
      expect(twice.statusCode).toBe(400)
      expect(JSON.parse(twice.body)).toMatchObject({
        reason: 'invalid_request',
        errors: [{ field: 'body.grant_type' }],
      })
      const text = await gh.app.inject({
        method: 'POST',
        url: '/api/oidc/token',
        headers: { 'content-type': 'text/plain' },
        payload: 'hello',
      })
      expect(text.statusCode).toBe(415)
      expect(JSON.parse(text.body).detail).toMatch(/form-encoded/)
      expect(await countRows(gh)).toEqual(before)
      // The same token still exchanges: nothing about it was used up.
      expect((await exchange(gh, org.id, token)).status).toBe(200)
      await gh.deps.db
        .deleteFrom('api_tokens')
        .where('origin', '=', 'oidc')
        .where('organization_id', '=', org.id)
        .execute()
    })

    it('ignores OAuth parameters it does not use, as RFC 6749 asks', async () => {
      const gh = gatehouse()
      const response = await exchange(gh, org.id, await issuer.sign(good()), {
        extra: {
          audience: 'gatehouse',
          scope: 'deploy',
          requested_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        },
      })
      expect(response.status, response.text).toBe(200)
      await gh.deps.db
        .deleteFrom('api_tokens')
        .where('origin', '=', 'oidc')
        .where('organization_id', '=', org.id)
        .execute()
    })

    it('stops an address after too many refusals, with 429 and Retry-After, before any check', async () => {
      const gh = gatehouse()
      const ip = '198.51.100.77'
      for (let i = 0; i < 3; i++)
        expect((await exchange(gh, org.id, unsignedToken(good()), { ip })).status).toBe(400)
      const blocked = await exchange(gh, org.id, await issuer.sign(good()), { ip })
      expectProblem(blocked, 429)
      expect(blocked.headers['retry-after']).toBeDefined()
      // Another address is not affected.
      expect((await exchange(gh, org.id, unsignedToken(good()), { ip: '198.51.100.78' })).status).toBe(400)
    })
  },
  {
    GATEHOUSE_OIDC_ISSUERS: `${issuer.url},${flaky.url}`,
    GATEHOUSE_OIDC_FETCH_TIMEOUT_MS: String(FETCH_TIMEOUT_MS),
    GATEHOUSE_AUTH_FAILURE_LIMIT: '3',
  },
)

async function decodeJti(jwt: string): Promise<string> {
  const payload = JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString()) as {
    jti: string
  }
  return payload.jti
}

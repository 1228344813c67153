import { expect, it } from 'vitest'
import {
  call,
  createApiToken,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
} from '../../../../test/support/api.ts'
import { auditEvents } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'
import { generateToken } from '../../../core/token.ts'

describeEachDatabase('POST /apiToken/revokeLeaked: security', (gatehouse) => {
  it('dismisses strings that are not well-formed tokens without a database lookup', async () => {
    const gh = gatehouse()
    // The filter of issued digests loads in the background once the process starts: not a lookup
    // of this request's, and not to be counted as one.
    await gh.issuedDigestsLoaded
    const valid = generateToken('api_token')
    const typo = `${valid.slice(0, -1)}${valid.endsWith('a') ? 'b' : 'a'}`
    const db = gh.deps.db
    let queries = 0
    gh.deps.db = new Proxy(db, {
      get(target, property, receiver) {
        if (['transaction', 'selectFrom', 'updateTable', 'executeQuery'].includes(String(property))) queries++
        return Reflect.get(target, property, receiver)
      },
    })
    try {
      const res = await call(gh, 'POST', '/apiToken/revokeLeaked', {
        body: [
          typo,
          'gtok_short',
          'gses_whatever',
          `${valid}x`,
          valid.replace('gtok_', 'gses_'),
          'AKIA...',
        ].map((token) => ({ token })),
      })
      expect(res.status).toBe(200)
      expect(queries).toBe(0)
      await call(gh, 'POST', '/apiToken/revokeLeaked', { body: [{ token: valid }] })
      expect(queries).toBeGreaterThan(0)
    } finally {
      gh.deps.db = db
    }
  })

  it('keeps no secret from the report: a token inside the reported URL is redacted in the trail and the list', async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const org = await createOrganization(gh, owner)
    const token = await createApiToken(gh, org, 'viewer')
    await call(gh, 'POST', '/apiToken/revokeLeaked', {
      body: [{ token: token.token, url: `https://paste.example/raw?t=${token.token}`, source: token.token }],
    })
    const [event] = await auditEvents(gh, org.id, 'api_token.revoked_leaked')
    const listed = await call(gh, 'GET', `/organization/${org.id}/apiToken/${token.id}`, { as: owner.as })
    expect(JSON.stringify(event)).not.toContain(token.token)
    expect(listed.text).not.toContain(token.token)
    expect(listed.body.leak.url).toContain('https://paste.example/raw?t=')
  })

  it('needs no credential, and ignores one: a caller cannot revoke by any other means than the value', async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const org = await createOrganization(gh, owner)
    const token = await createApiToken(gh, org, 'viewer')
    const res = await call(gh, 'POST', '/apiToken/revokeLeaked', {
      as: { token: 'not even a token' },
      body: [{ token: token.id }, { token: token.name }],
    })
    expect(res.status).toBe(200)
    expect((await call(gh, 'GET', '/auth/whoami', { as: token.as })).status).toBe(200)
  })
})

describeEachDatabase(
  'POST /apiToken/revokeLeaked: its own limit per address',
  (gatehouse) => {
    it('answers 429 with Retry-After past the limit, for that address only', async () => {
      const body = [{ token: 'not a token' }]
      for (let i = 0; i < 2; i++) {
        const ok = await call(gatehouse(), 'POST', '/apiToken/revokeLeaked', {
          body,
          remoteAddress: '198.51.100.1',
        })
        expect(ok.status).toBe(200)
      }
      const refused = await call(gatehouse(), 'POST', '/apiToken/revokeLeaked', {
        body,
        remoteAddress: '198.51.100.1',
      })
      expectProblem(refused, 429)
      expect(refused.body.reason).toBe('rate_limited')
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
      const elsewhere = await call(gatehouse(), 'POST', '/apiToken/revokeLeaked', {
        body,
        remoteAddress: '198.51.100.2',
      })
      expect(elsewhere.status).toBe(200)
    })
  },
  { GATEHOUSE_LEAK_REPORT_LIMIT_PER_MINUTE: '2' },
)

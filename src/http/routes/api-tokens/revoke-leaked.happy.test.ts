import { createHash } from 'node:crypto'
import { expect, it } from 'vitest'
import { call, createApiToken, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { auditEvents } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'
import { generateToken } from '../../../core/token.ts'

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

describeEachDatabase('POST /apiToken/revokeLeaked: happy', (gatehouse) => {
  it('revokes a live token at once, keeps it listed as revoked_leaked with where it was found, and records it', async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const org = await createOrganization(gh, owner)
    const token = await createApiToken(gh, org, 'devops')
    const bystander = await createApiToken(gh, org, 'devops')
    expect((await call(gh, 'GET', '/auth/whoami', { as: token.as })).status).toBe(200)
    const url = 'https://github.com/acme/app/blob/abc123/.env'
    const res = await call(gh, 'POST', '/apiToken/revokeLeaked', {
      body: [{ token: token.token, type: 'gatehouse_api_token', url, source: 'commit' }],
      headers: { 'user-agent': 'GitHub-Hookshot/abc' },
    })
    expect(res.status).toBe(200)
    expect(res.body).toEqual([{ token_hash: sha256(token.token), label: 'reported' }])
    expect((await call(gh, 'GET', '/auth/whoami', { as: token.as })).status).toBe(401)
    expect((await call(gh, 'GET', '/auth/whoami', { as: bystander.as })).status).toBe(200)
    const listed = await call(gh, 'GET', `/organization/${org.id}/apiToken?status=revoked_leaked`, {
      as: owner.as,
    })
    expect(listed.body.results).toHaveLength(1)
    expect(listed.body.results[0]).toMatchObject({
      id: token.id,
      status: 'revoked_leaked',
      leak: { reported_at: expect.any(String), url, source: 'commit' },
    })
    const [event] = await auditEvents(gh, org.id, 'api_token.revoked_leaked')
    expect(event).toMatchObject({
      target_id: token.id,
      actor_type: 'api_token',
      actor_id: token.id,
      user_agent: 'GitHub-Hookshot/abc',
    })
    expect(event?.details).toMatchObject({
      url,
      source: 'commit',
      type: 'gatehouse_api_token',
      value: 'current',
    })
    // A second report of the same value changes nothing and records nothing more.
    await call(gh, 'POST', '/apiToken/revokeLeaked', {
      body: [{ token: token.token, url: 'https://elsewhere' }],
    })
    expect(await auditEvents(gh, org.id, 'api_token.revoked_leaked')).toHaveLength(1)
  })

  it('answers every entry alike, in order, whatever it was: live, unknown, malformed or repeated', async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const org = await createOrganization(gh, owner)
    const live = await createApiToken(gh, org, 'viewer')
    const strings = [
      live.token,
      generateToken('api_token'),
      'gtok_not-a-token',
      'hello',
      owner.session,
      live.token,
    ]
    const res = await call(gh, 'POST', '/apiToken/revokeLeaked', {
      body: strings.map((token) => ({ token })),
    })
    expect(res.status).toBe(200)
    expect(res.body).toEqual(strings.map((token) => ({ token_hash: sha256(token), label: 'reported' })))
    // A session is not an API token: not revoked by this route.
    expect((await call(gh, 'GET', '/account', { as: owner.as })).status).toBe(200)
    expect((await call(gh, 'GET', '/auth/whoami', { as: live.as })).status).toBe(401)
  })

  it("ends the grace period of a rotated token's reported old value; the new value keeps working", async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const org = await createOrganization(gh, owner)
    const token = await createApiToken(gh, org, 'viewer')
    const rotated = await call(gh, 'POST', `/organization/${org.id}/apiToken/${token.id}/rotate`, {
      as: owner.as,
      body: { grace_period_seconds: 3600 },
    })
    expect((await call(gh, 'GET', '/auth/whoami', { as: token.as })).status).toBe(200)
    await call(gh, 'POST', '/apiToken/revokeLeaked', { body: [{ token: token.token }] })
    expect((await call(gh, 'GET', '/auth/whoami', { as: token.as })).status).toBe(401)
    expect((await call(gh, 'GET', '/auth/whoami', { as: { token: rotated.body.token } })).status).toBe(200)
    const shown = await call(gh, 'GET', `/organization/${org.id}/apiToken/${token.id}`, { as: owner.as })
    expect(shown.body).toMatchObject({ status: 'active', grace_period_ends_at: null, leak: null })
    const [event] = await auditEvents(gh, org.id, 'api_token.revoked_leaked')
    expect(event?.details).toMatchObject({ value: 'previous, in its grace period' })
  })
})

import { expect, it } from 'vitest'
import {
  call,
  createApiToken,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
} from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'
import { UNAUTHENTICATED_DETAIL } from '../../../core/errors.ts'
import { generateToken } from '../../../core/token.ts'

/** One character changed in the random part: well-formed in shape, wrong checksum. */
function withBadChecksum(token: string): string {
  const i = 10
  return token.slice(0, i) + (token[i] === 'a' ? 'b' : 'a') + token.slice(i + 1)
}

describeEachDatabase('GET /auth/whoami: errors', (gatehouse) => {
  it('answers one identical 401 for every kind of bad credential', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const apiToken = await createApiToken(gatehouse(), org, 'admin')
    const cases: Record<string, Record<string, string>> = {
      missing: {},
      'empty header': { authorization: '' },
      'scheme only': { authorization: 'Bearer' },
      'unknown scheme': { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
      'two tokens': { authorization: `Token ${apiToken.token} ${apiToken.token}` },
      'not a token': { authorization: 'Token hello' },
      'unknown but well-formed API token': { authorization: `Token ${generateToken('api_token')}` },
      'unknown but well-formed session': { authorization: `Bearer ${generateToken('session')}` },
      'bad checksum': { authorization: `Token ${withBadChecksum(apiToken.token)}` },
      'API token in the session cookie': { cookie: `gatehouse_session=${apiToken.token}` },
      'garbage cookie': { cookie: 'gatehouse_session=xyz' },
    }
    const bodies = new Set<string>()
    for (const [name, headers] of Object.entries(cases)) {
      const res = await call(gatehouse(), 'GET', '/auth/whoami', { headers })
      expectProblem(res, 401)
      expect(res.body.detail, name).toBe(UNAUTHENTICATED_DETAIL)
      expect(res.headers['www-authenticate']).toBe('Token, Bearer')
      expect(res.headers['cache-control']).toBe('no-store')
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      bodies.add(res.text)
    }
    expect(bodies.size).toBe(1)
    // A secret under the wrong scheme: the same 401, with a hint said from its prefix alone.
    for (const [authorization, hint] of [
      [`Token ${owner.session}`, "Sessions are sent as 'Authorization: Bearer gses_…'."],
      [`Bearer ${apiToken.token}`, "API tokens are sent as 'Authorization: Token gtok_…'."],
    ] as const) {
      const res = await call(gatehouse(), 'GET', '/auth/whoami', { headers: { authorization } })
      expectProblem(res, 401)
      expect(res.body.reason).toBe('unauthenticated')
      expect(res.body.detail).toBe(`${UNAUTHENTICATED_DETAIL} ${hint}`)
    }
    // The genuine credentials still work: the refusals were about their misuse only.
    expect((await call(gatehouse(), 'GET', '/auth/whoami', { as: apiToken.as })).status).toBe(200)
    expect((await call(gatehouse(), 'GET', '/auth/whoami', { as: owner.as })).status).toBe(200)
  })

  it('refuses an expired session', async () => {
    const user = await signUpAndLogIn(gatehouse())
    await gatehouse()
      .deps.db.updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', user.id)
      .execute()
    expectProblem(await call(gatehouse(), 'GET', '/auth/whoami', { as: user.as }), 401)
  })
})

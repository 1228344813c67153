import { expect, it } from 'vitest'
import { generateToken } from '../../src/core/token.ts'
import { createApiToken, createOrganization, signUpAndLogIn } from '../support/api.ts'
import { describeEachDatabase } from '../support/harness.ts'

/** Three failed authentications block an address: small enough that 40 page loads would. */
const LIMIT = 3

describeEachDatabase(
  'Failed-authentication limit: only presented-and-wrong credentials count',
  (gatehouse) => {
    const request = (
      url: string,
      remoteAddress: string,
      headers: Record<string, string> = {},
      method: 'GET' | 'POST' = 'GET',
      payload?: object,
    ) =>
      gatehouse().app.inject({
        method,
        url: `/api${url}`,
        remoteAddress,
        headers,
        ...(payload ? { payload } : {}),
      })

    it('40 signed-out requests from one office address block neither its tokens nor its sign-ins', async () => {
      const office = '203.0.113.80'
      const owner = await signUpAndLogIn(gatehouse())
      const org = await createOrganization(gatehouse(), owner)
      const token = await createApiToken(gatehouse(), org, 'viewer')
      // Signed-out page loads: the console asks whoami, a script forgot its header, a cookie-less
      // browser opens a project page. Each is refused, none is a guess.
      for (let i = 0; i < 40; i++) {
        const url = ['/auth/whoami', `/organization/${org.id}`, '/account', '/organization'][i % 4] as string
        const res = await request(url, office)
        expect(res.statusCode).toBe(401)
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
        expect(JSON.parse(res.body).reason).toBe('unauthenticated')
      }
      // An empty session cookie is no credential either.
      expect((await request('/auth/whoami', office, { cookie: 'gatehouse_session=' })).statusCode).toBe(401)
      expect(
        (await request('/auth/whoami', office, { authorization: `Token ${token.token}` })).statusCode,
      ).toBe(200)
      const login = await request('/auth/login', office, {}, 'POST', {
        email: owner.email,
        password: owner.password,
      })
      expect(login.statusCode).toBe(200)
    })

    it('a presented credential that is wrong still counts: the guesser is stopped after the limit', async () => {
      const guesser = '198.51.100.81'
      const wrong: Record<string, string>[] = [
        { authorization: `Token ${generateToken('api_token')}` },
        { authorization: `Bearer ${generateToken('session')}` },
        { cookie: `gatehouse_session=${generateToken('session')}` },
      ]
      for (const headers of wrong)
        expect((await request('/auth/whoami', guesser, headers)).statusCode).toBe(401)
      const blocked = await request('/auth/whoami', guesser, wrong[0])
      expect(blocked.statusCode).toBe(429)
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1)
      // Asking with no credential at all is still told 401, not 429: there is nothing to refuse.
      expect((await request('/auth/whoami', guesser)).statusCode).toBe(401)
    })
  },
  { GATEHOUSE_AUTH_FAILURE_LIMIT: String(LIMIT) },
)

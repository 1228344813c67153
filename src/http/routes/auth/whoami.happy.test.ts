import { expect, it } from 'vitest'
import { call, createApiToken, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { logInWithCookies } from '../../../../test/support/cookies.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /auth/whoami: happy', (gatehouse) => {
  it('describes a user signed in by Bearer session', async () => {
    const user = await signUpAndLogIn(gatehouse(), 'Who Am I')
    const res = await call(gatehouse(), 'GET', '/auth/whoami', { as: user.as })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ type: 'user', user: { id: user.id, email: user.email, name: 'Who Am I' } })
  })

  it('describes a user signed in by session cookie', async () => {
    const user = await signUpAndLogIn(gatehouse(), 'Cookie User')
    const login = await logInWithCookies(gatehouse(), user)
    const res = await call(gatehouse(), 'GET', '/auth/whoami', { headers: { cookie: login.cookie } })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ type: 'user', user: { id: user.id, email: user.email, name: 'Cookie User' } })
  })

  it('describes an API token, with its organization and role', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), org, 'viewer')
    const res = await call(gatehouse(), 'GET', '/auth/whoami', { as: token.as })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      type: 'api_token',
      api_token: {
        id: token.id,
        name: token.name,
        organization_id: org.id,
        role_id: org.roles.viewer,
        role_name: 'viewer',
      },
    })
  })

  it('accepts the scheme in any case and surrounding spaces', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'GET', '/auth/whoami', {
      headers: { authorization: `bearer   ${user.session} ` },
    })
    expect(res.status).toBe(200)
  })

  it('answers a cached token with the same bytes each time, and a renamed one with its new name', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), org, 'viewer')
    const first = await call(gatehouse(), 'GET', '/auth/whoami', { as: token.as })
    const second = await call(gatehouse(), 'GET', '/auth/whoami', { as: token.as })
    expect(second.text).toBe(first.text)
    expect(second.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(second.headers['content-length']).toBe(String(Buffer.byteLength(first.text)))
    const path = `/organization/${org.id}/apiToken/${token.id}`
    const renamed = await call(gatehouse(), 'PATCH', path, {
      as: owner.as,
      body: { name: 'renamed-for-whoami' },
    })
    expect(renamed.status).toBe(200)
    const third = await call(gatehouse(), 'GET', '/auth/whoami', { as: token.as })
    expect(third.body.api_token.name).toBe('renamed-for-whoami')
    expect(third.body.api_token.id).toBe(token.id)
  })
})

import { expect, it } from 'vitest'
import {
  addMember,
  call,
  createApiToken,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
} from '../../../../test/support/api.ts'
import { logInWithCookies } from '../../../../test/support/cookies.ts'
import { countRows } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('PATCH /organization/{id}/apiToken/{tokenId}: security', (gatehouse) => {
  it('refuses to give a role more powerful than the caller’s, or to edit a more powerful token (403 role_escalation)', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const devopsUser = await addMember(gatehouse(), org, 'devops')
    const devopsToken = await createApiToken(gatehouse(), org, 'devops')
    const viewer = await createApiToken(gatehouse(), org, 'viewer')
    const admin = await createApiToken(gatehouse(), org, 'admin')
    const before = await countRows(gatehouse())
    for (const as of [devopsUser.as, devopsToken.as]) {
      const promote = await call(gatehouse(), 'PATCH', `/organization/${org.id}/apiToken/${viewer.id}`, {
        as,
        body: { role_id: org.roles.admin },
      })
      expectProblem(promote, 403)
      expect(promote.body.reason).toBe('role_escalation')
      const touch = await call(gatehouse(), 'PATCH', `/organization/${org.id}/apiToken/${admin.id}`, {
        as,
        body: { allowed_cidrs: ['192.0.2.1'] },
      })
      expectProblem(touch, 403)
      expect(touch.body.reason).toBe('role_escalation')
    }
    // A token cannot raise itself either.
    const self = await call(gatehouse(), 'PATCH', `/organization/${org.id}/apiToken/${devopsToken.id}`, {
      as: devopsToken.as,
      body: { role_id: org.roles.admin },
    })
    expectProblem(self, 403)
    expect(await countRows(gatehouse())).toEqual(before)
  })

  it('answers 403 to billing and viewer, and 404 for a token of another organization; nothing changes', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const other = await createOrganization(gatehouse(), await signUpAndLogIn(gatehouse()))
    const foreign = await createApiToken(gatehouse(), other, 'viewer')
    const token = await createApiToken(gatehouse(), org, 'viewer')
    const before = await countRows(gatehouse())
    for (const role of ['billing', 'viewer'] as const) {
      for (const as of [
        (await addMember(gatehouse(), org, role)).as,
        (await createApiToken(gatehouse(), org, role)).as,
      ]) {
        const res = await call(gatehouse(), 'PATCH', `/organization/${org.id}/apiToken/${token.id}`, {
          as,
          body: { name: 'hijacked' },
        })
        expectProblem(res, 403)
      }
    }
    const res = await call(gatehouse(), 'PATCH', `/organization/${org.id}/apiToken/${foreign.id}`, {
      as: owner.as,
      body: { name: 'hijacked' },
    })
    expectProblem(res, 404)
    const after = await countRows(gatehouse())
    // Only the four callers' own rows (two members, two tokens, their audit records) were added.
    expect(after.api_tokens).toBe((before.api_tokens ?? 0) + 2)
    expect(
      (await call(gatehouse(), 'GET', `/organization/${org.id}/apiToken/${token.id}`, { as: owner.as })).body
        .name,
    ).toBe(token.name)
    expect(
      (
        await call(gatehouse(), 'GET', `/organization/${other.id}/apiToken/${foreign.id}`, {
          as: other.owner.as,
        })
      ).body.name,
    ).toBe(foreign.name)
  })

  it('refuses a cookie-only edit without the CSRF header', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), org, 'viewer')
    const login = await logInWithCookies(gatehouse(), owner)
    const path = `/organization/${org.id}/apiToken/${token.id}`
    const body = { name: 'forged' }
    expectProblem(await call(gatehouse(), 'PATCH', path, { headers: { cookie: login.cookie }, body }), 403)
    const genuine = await call(gatehouse(), 'PATCH', path, {
      headers: { cookie: login.cookie, 'x-gatehouse-csrf': login.csrf },
      body,
    })
    expect(genuine.status).toBe(200)
  })

  it('refuses a name or description that holds a secret', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), org, 'viewer')
    const res = await call(gatehouse(), 'PATCH', `/organization/${org.id}/apiToken/${token.id}`, {
      as: owner.as,
      body: { description: `value: ${token.token}` },
    })
    expectProblem(res, 400)
    expect(res.body.reason).toBe('secret_in_text')
    expect(res.text).not.toContain(token.token)
  })
})

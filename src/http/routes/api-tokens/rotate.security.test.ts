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
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('POST /organization/{id}/apiToken/{tokenId}/rotate: security', (gatehouse) => {
  it("refuses to hand a more powerful token's new value to a lesser role (403 role_escalation); its value is unchanged", async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const admin = await createApiToken(gatehouse(), org, 'admin')
    for (const as of [
      (await addMember(gatehouse(), org, 'devops')).as,
      (await createApiToken(gatehouse(), org, 'devops')).as,
    ]) {
      const res = await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken/${admin.id}/rotate`, {
        as,
        body: {},
      })
      expectProblem(res, 403)
      expect(res.body.reason).toBe('role_escalation')
      expect(res.text).not.toMatch(/gtok_/)
    }
    expect((await call(gatehouse(), 'GET', '/auth/whoami', { as: admin.as })).status).toBe(200)
  })

  it('answers 403 to billing and viewer, 404 for a token of another organization; the values still work', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), org, 'viewer')
    const other = await createOrganization(gatehouse(), await signUpAndLogIn(gatehouse()))
    const foreign = await createApiToken(gatehouse(), other, 'viewer')
    for (const as of [
      (await addMember(gatehouse(), org, 'viewer')).as,
      (await createApiToken(gatehouse(), org, 'billing')).as,
    ]) {
      expectProblem(
        await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken/${token.id}/rotate`, {
          as,
          body: {},
        }),
        403,
      )
    }
    expectProblem(
      await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken/${foreign.id}/rotate`, {
        as: owner.as,
        body: {},
      }),
      404,
    )
    for (const value of [token, foreign])
      expect((await call(gatehouse(), 'GET', '/auth/whoami', { as: value.as })).status).toBe(200)
  })

  it('refuses a cookie-only rotation without the CSRF header', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), org, 'viewer')
    const login = await logInWithCookies(gatehouse(), owner)
    const path = `/organization/${org.id}/apiToken/${token.id}/rotate`
    expectProblem(await call(gatehouse(), 'POST', path, { headers: { cookie: login.cookie }, body: {} }), 403)
    expect((await call(gatehouse(), 'GET', '/auth/whoami', { as: token.as })).status).toBe(200)
  })

  it('never writes the new value to the logs or the database', async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const org = await createOrganization(gh, owner)
    const token = await createApiToken(gh, org, 'viewer')
    const res = await call(gh, 'POST', `/organization/${org.id}/apiToken/${token.id}/rotate`, {
      as: owner.as,
      body: { grace_period_seconds: 60 },
    })
    expect(res.status).toBe(201)
    expect(gh.logs.join('\n')).not.toContain(res.body.token)
    const rows = await gh.deps.db.selectFrom('api_tokens').selectAll().where('id', '=', token.id).execute()
    const events = await gh.deps.db
      .selectFrom('audit_events')
      .selectAll()
      .where('organization_id', '=', org.id)
      .execute()
    expect(JSON.stringify([rows, events])).not.toContain(res.body.token)
  })
})

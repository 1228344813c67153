import { expect, it } from 'vitest'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { logInWithCookies } from '../../../../test/support/cookies.ts'
import { countRows, createTeam } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('POST /organization/{id}/apiToken: security', (gatehouse) => {
  it('answers 403 to billing and viewer, as users and as tokens, and creates nothing', async () => {
    const team = await createTeam(gatehouse())
    const refused = team.callers.filter((c) => c.role === 'billing' || c.role === 'viewer')
    expect(refused).toHaveLength(4)
    const before = await countRows(gatehouse())
    for (const caller of refused) {
      const res = await call(gatehouse(), 'POST', `/organization/${team.org.id}/apiToken`, {
        as: caller.as,
        body: { name: `from ${caller.label}`, role_id: team.org.roles.viewer },
      })
      expectProblem(res, 403)
    }
    expect(await countRows(gatehouse())).toEqual(before)
  })

  it('refuses escalation: a devops member or token cannot mint an admin token', async () => {
    const team = await createTeam(gatehouse())
    const before = await countRows(gatehouse())
    for (const as of [team.users.devops.as, team.tokens.devops.as]) {
      for (const role_id of [team.org.roles.admin, null]) {
        const res = await call(gatehouse(), 'POST', `/organization/${team.org.id}/apiToken`, {
          as,
          body: { name: 'escalated', role_id },
        })
        expectProblem(res, 403)
      }
    }
    expect(await countRows(gatehouse())).toEqual(before)
  })

  it('refuses the owner role to a token, even when the owner asks (400)', async () => {
    const team = await createTeam(gatehouse())
    const before = await countRows(gatehouse())
    for (const caller of team.callers.filter((c) => ['owner', 'admin', 'devops'].includes(c.role))) {
      const res = await call(gatehouse(), 'POST', `/organization/${team.org.id}/apiToken`, {
        as: caller.as,
        body: { name: 'owner token', role_id: team.org.roles.owner },
      })
      expectProblem(res, 400)
      expect(res.body.errors).toContainEqual({ field: 'body.role_id', message: expect.any(String) })
    }
    expect(await countRows(gatehouse())).toEqual(before)
  })

  it('refuses a role_id of another organization (400), even one the caller owns', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const mine = await createOrganization(gatehouse(), owner)
    const other = await createOrganization(gatehouse(), owner)
    const before = await countRows(gatehouse())
    const res = await call(gatehouse(), 'POST', `/organization/${mine.id}/apiToken`, {
      as: owner.as,
      body: { name: 'cross', role_id: other.roles.viewer },
    })
    expectProblem(res, 400)
    expect(res.body.errors).toContainEqual({ field: 'body.role_id', message: expect.any(String) })
    expect(await countRows(gatehouse())).toEqual(before)
  })

  it("answers 404 in another organization, to its stranger and to another organization's token", async () => {
    const team = await createTeam(gatehouse())
    const stranger = await signUpAndLogIn(gatehouse())
    const strangerOrg = await createOrganization(gatehouse(), stranger)
    const before = await countRows(gatehouse())
    for (const as of [stranger.as, team.tokens.admin.as]) {
      const target = as === stranger.as ? team.org.id : strangerOrg.id
      const res = await call(gatehouse(), 'POST', `/organization/${target}/apiToken`, {
        as,
        body: { name: 'intruder' },
      })
      expectProblem(res, 404)
    }
    expect(await countRows(gatehouse())).toEqual(before)
  })

  it('refuses a cookie-only creation without the CSRF header, and accepts it with the header', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const login = await logInWithCookies(gatehouse(), owner)
    const path = `/organization/${org.id}/apiToken`
    const before = await countRows(gatehouse())
    expectProblem(
      await call(gatehouse(), 'POST', path, { headers: { cookie: login.cookie }, body: { name: 'csrf' } }),
      403,
    )
    expect(await countRows(gatehouse())).toEqual(before)
    const ok = await call(gatehouse(), 'POST', path, {
      headers: { cookie: login.cookie, 'x-gatehouse-csrf': login.csrf },
      body: { name: 'csrf' },
    })
    expect(ok.status).toBe(201)
  })

  it('never writes the new token to a log line', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const res = await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken`, {
      as: owner.as,
      body: { name: 'unlogged' },
    })
    expect(res.status).toBe(201)
    expect(res.headers['cache-control']).toBe('no-store')
    for (const line of gatehouse().logs) expect(line).not.toContain(res.body.token)
  })
})

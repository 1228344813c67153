import { expect, it } from 'vitest'
import { call, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { logInWithCookies } from '../../../../test/support/cookies.ts'
import { countRows, createTeam, tokenRoles } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('POST /organization: security', (gatehouse) => {
  it('answers 403 to an API token of any role, and creates nothing', async () => {
    const team = await createTeam(gatehouse())
    for (const role of tokenRoles) {
      const before = await countRows(gatehouse())
      const res = await call(gatehouse(), 'POST', '/organization', {
        as: team.tokens[role].as,
        body: { name: 'T' },
      })
      expectProblem(res, 403)
      expect(await countRows(gatehouse())).toEqual(before)
    }
  })

  it('refuses a cookie-only write without the CSRF header, and creates nothing', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const login = await logInWithCookies(gatehouse(), user)
    const before = await countRows(gatehouse())
    // The last one has the cookie's length in characters but not in bytes.
    for (const csrf of [undefined, '', 'forged-value', `${login.csrf}x`, 'é'.repeat(login.csrf.length)]) {
      const headers: Record<string, string> = { cookie: login.cookie }
      if (csrf !== undefined) headers['x-gatehouse-csrf'] = csrf
      const res = await call(gatehouse(), 'POST', '/organization', { headers, body: { name: 'Forged' } })
      expectProblem(res, 403)
    }
    expect(await countRows(gatehouse())).toEqual(before)
  })

  it('accepts a cookie write whose x-gatehouse-csrf header equals the gatehouse_csrf cookie', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const login = await logInWithCookies(gatehouse(), user)
    const res = await call(gatehouse(), 'POST', '/organization', {
      headers: { cookie: login.cookie, 'x-gatehouse-csrf': login.csrf },
      body: { name: 'From the console' },
    })
    expect(res.status).toBe(201)
    expect(res.body.owner).toBe(user.id)
    const event = await gatehouse()
      .deps.db.selectFrom('audit_events')
      .select('origin')
      .where('organization_id', '=', res.body.id)
      .executeTakeFirstOrThrow()
    expect(event.origin).toBe('console')
  })

  it('makes the caller the owner whatever the body says', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const other = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'POST', '/organization', {
      as: user.as,
      body: { name: 'Mine', owner: other.id },
    })
    expectProblem(res, 400)
    const list = await call(gatehouse(), 'GET', '/organization', { as: other.as })
    expect(list.body.results).toEqual([])
  })
})

import { expect, it } from 'vitest'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { createTeam, unknownId } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

const allowed = new Set(['owner', 'admin'])

describeEachDatabase('GET /organization/{id}/auditEvent: security', (gatehouse) => {
  it('lets owner and admin read the trail, and refuses devops, billing and viewer with 403 (members and tokens)', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    for (const caller of (await createTeam(gatehouse(), org)).callers) {
      const res = await call(gatehouse(), 'GET', `/organization/${org.id}/auditEvent`, { as: caller.as })
      if (allowed.has(caller.role)) {
        expect(res.status, caller.label).toBe(200)
        expect(res.body.results.length).toBeGreaterThan(0)
      } else {
        expectProblem(res, 403)
        expect(res.body.results, caller.label).toBeUndefined()
      }
    }
  })

  it("answers 404 for another organization's trail, to every role of another organization", async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const stranger = await signUpAndLogIn(gatehouse())
    const { callers } = await createTeam(gatehouse(), await createOrganization(gatehouse(), stranger))
    for (const caller of callers) {
      const theirs = await call(gatehouse(), 'GET', `/organization/${org.id}/auditEvent`, { as: caller.as })
      const unknown = await call(gatehouse(), 'GET', `/organization/${unknownId}/auditEvent`, {
        as: caller.as,
      })
      expectProblem(theirs, 404)
      expect(theirs.body, caller.label).toEqual(unknown.body)
    }
  })

  it('never shows a token secret, and refuses a request without a credential', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const created = await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken`, {
      as: owner.as,
      body: { name: 'secret holder' },
    })
    const res = await call(gatehouse(), 'GET', `/organization/${org.id}/auditEvent`, { as: owner.as })
    expect(res.body.results.map((e: { action: string }) => e.action)).toContain('api_token.created')
    expect(res.text).not.toContain(created.body.token)
    expect(res.text).not.toContain(owner.session)
    expectProblem(await call(gatehouse(), 'GET', `/organization/${org.id}/auditEvent`), 401)
  })
})

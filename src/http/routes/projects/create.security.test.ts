import { expect, it } from 'vitest'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { createTeam, snapshotProjectData, unknownId } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

const allowed = new Set(['owner', 'admin', 'devops'])

describeEachDatabase('POST /organization/{id}/project: security', (gatehouse) => {
  it('lets owner, admin and devops create, and refuses billing and viewer with 403 (members and tokens)', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    for (const caller of (await createTeam(gatehouse(), org)).callers) {
      const before = await snapshotProjectData(gatehouse())
      const res = await call(gatehouse(), 'POST', `/organization/${org.id}/project`, {
        as: caller.as,
        body: { name: `by ${caller.label}` },
      })
      if (allowed.has(caller.role)) {
        expect(res.status, caller.label).toBe(201)
      } else {
        expectProblem(res, 403)
        expect(await snapshotProjectData(gatehouse()), caller.label).toEqual(before)
      }
    }
  })

  it("answers 404 for another organization's id, for a user and for a token, creating nothing", async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const stranger = await signUpAndLogIn(gatehouse())
    const strangerOrg = await createOrganization(gatehouse(), stranger)
    const strangerCallers = (await createTeam(gatehouse(), strangerOrg)).callers
    const adminToken = strangerCallers.find((caller) => caller.label === 'admin token')
    const before = await snapshotProjectData(gatehouse())
    for (const as of [stranger.as, adminToken?.as]) {
      for (const orgId of [org.id, unknownId]) {
        const res = await call(gatehouse(), 'POST', `/organization/${orgId}/project`, {
          as,
          body: { name: 'intruder' },
        })
        expectProblem(res, 404)
      }
    }
    expect(await snapshotProjectData(gatehouse())).toEqual(before)
  })
})

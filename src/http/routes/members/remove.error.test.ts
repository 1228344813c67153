import { expect, it } from 'vitest'
import {
  addMember,
  call,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
} from '../../../../test/support/api.ts'
import { auditEvents, roleInDatabase } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('DELETE /organization/{id}/member: errors', (gatehouse) => {
  it('refuses to remove the owner with 409: transfer ownership first', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const res = await call(gatehouse(), 'DELETE', `/organization/${org.id}/member`, {
      as: owner.as,
      body: { user_id: owner.id },
    })
    expectProblem(res, 409)
    expect(res.body.detail).toMatch(/transfer ownership first/i)
    expect(await roleInDatabase(gatehouse(), org.id, owner.id)).toBe('owner')
  })

  it('answers 404 for a user who is not a member', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const outsider = await signUpAndLogIn(gatehouse())
    for (const userId of [outsider.id, crypto.randomUUID()]) {
      const res = await call(gatehouse(), 'DELETE', `/organization/${org.id}/member`, {
        as: owner.as,
        body: { user_id: userId },
      })
      expectProblem(res, 404)
    }
  })

  it('refuses a missing, malformed or over-full body with 400 and removes nobody', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const member = await addMember(gatehouse(), org, 'viewer')
    const bodies = [undefined, {}, { user_id: 'x' }, { user_id: member.id, force: true }]
    for (const body of bodies) {
      const res = await call(gatehouse(), 'DELETE', `/organization/${org.id}/member`, { as: owner.as, body })
      expect(res.status, JSON.stringify(body)).toBe(400)
      expectProblem(res, 400)
    }
    expect(await roleInDatabase(gatehouse(), org.id, member.id)).toBe('viewer')
    expect(await auditEvents(gatehouse(), org.id, 'member.removed')).toHaveLength(0)
  })
})

import { expect, it } from 'vitest'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { auditEvents, invitationRows, invite } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('DELETE /organization/{id}/inviteMember/{inviteId}: errors', (gatehouse) => {
  it('answers 404 for an unknown invitation and for one withdrawn already', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    expectProblem(
      await call(gatehouse(), 'DELETE', `/organization/${org.id}/inviteMember/${crypto.randomUUID()}`, {
        as: owner.as,
      }),
      404,
    )
    const created = await invite(gatehouse(), org, 'once@example.test')
    const path = `/organization/${org.id}/inviteMember/${created.id}`
    expect((await call(gatehouse(), 'DELETE', path, { as: owner.as })).status).toBe(204)
    expectProblem(await call(gatehouse(), 'DELETE', path, { as: owner.as }), 404)
    expect(await auditEvents(gatehouse(), org.id, 'invitation.withdrawn')).toHaveLength(1)
  })

  it('an accepted invitation cannot be withdrawn: 404, and the member stays', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const invitee = await signUpAndLogIn(gatehouse())
    const created = await invite(gatehouse(), org, invitee.email)
    const path = `/organization/${org.id}/inviteMember/${created.id}`
    expect((await call(gatehouse(), 'POST', path, { as: invitee.as })).status).toBe(201)
    expectProblem(await call(gatehouse(), 'DELETE', path, { as: owner.as }), 404)
    expect((await invitationRows(gatehouse(), org.id))[0]?.status).toBe('ACCEPTED')
  })

  it('answers 400 for ids that are not UUIDs', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    expectProblem(
      await call(gatehouse(), 'DELETE', `/organization/${org.id}/inviteMember/1`, { as: owner.as }),
      400,
    )
  })
})

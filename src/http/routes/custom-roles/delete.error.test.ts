import { expect, it } from 'vitest'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { createCustomRole, holdersOfCustomRole } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('DELETE /organization/{id}/customRole/{id}: errors', (gatehouse) => {
  it('refuses a role still held with 409 role_in_use saying by how many, and deletes it once nobody holds it', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const role = await createCustomRole(gatehouse(), org, { name: 'ci' })
    const first = await holdersOfCustomRole(gatehouse(), org, role.id)
    const second = await holdersOfCustomRole(gatehouse(), org, role.id)
    const invited = await call(gatehouse(), 'POST', `/organization/${org.id}/inviteMember`, {
      as: owner.as,
      body: { email: 'later@example.test', role_id: role.id },
    })
    expect(invited.status).toBe(201)
    const path = `/organization/${org.id}/customRole/${role.id}`
    const refused = await call(gatehouse(), 'DELETE', path, { as: owner.as })
    expectProblem(refused, 409)
    expect(refused.body).toMatchObject({
      reason: 'role_in_use',
      detail:
        'The role "ci" is held by 2 members, 2 API tokens and 1 pending invitation: give them another role first.',
    })
    // Still there, and still in force.
    expect((await call(gatehouse(), 'GET', path, { as: owner.as })).status).toBe(200)
    expect((await call(gatehouse(), 'GET', `/organization/${org.id}`, { as: first.token.as })).status).toBe(
      200,
    )

    for (const { member, token } of [first, second]) {
      await call(gatehouse(), 'PUT', `/organization/${org.id}/member`, {
        as: owner.as,
        body: { user_id: member.id, role_id: org.roles.viewer },
      })
      await call(gatehouse(), 'DELETE', `/organization/${org.id}/apiToken/${token.id}`, { as: owner.as })
    }
    const once = await call(gatehouse(), 'DELETE', path, { as: owner.as })
    expectProblem(once, 409)
    expect(once.body.detail).toBe(
      'The role "ci" is held by 1 pending invitation: give them another role first.',
    )
    await call(gatehouse(), 'DELETE', `/organization/${org.id}/inviteMember/${invited.body.id}`, {
      as: owner.as,
    })
    // A withdrawn invitation only remembers the role: it goes with it.
    expect((await call(gatehouse(), 'DELETE', path, { as: owner.as })).status).toBe(204)
  })
})

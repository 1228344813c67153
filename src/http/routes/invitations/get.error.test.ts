import { it } from 'vitest'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { invite } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /organization/{id}/inviteMember/{inviteId}: errors', (gatehouse) => {
  it('answers 404 for an unknown or withdrawn invitation', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    expectProblem(
      await call(gatehouse(), 'GET', `/organization/${org.id}/inviteMember/${crypto.randomUUID()}`, {
        as: owner.as,
      }),
      404,
    )
    const created = await invite(gatehouse(), org, 'gone@example.test')
    await call(gatehouse(), 'DELETE', `/organization/${org.id}/inviteMember/${created.id}`, { as: owner.as })
    expectProblem(
      await call(gatehouse(), 'GET', `/organization/${org.id}/inviteMember/${created.id}`, { as: owner.as }),
      404,
    )
  })

  it('answers 400 for ids that are not UUIDs', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    expectProblem(
      await call(gatehouse(), 'GET', `/organization/${org.id}/inviteMember/abc`, { as: owner.as }),
      400,
    )
  })
})

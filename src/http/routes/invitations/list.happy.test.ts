import { expect, it } from 'vitest'
import { call, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { invite } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /organization/{id}/inviteMember: happy', (gatehouse) => {
  it('lists the pending invitations, newest first, in the creation shape', async () => {
    const owner = await signUpAndLogIn(gatehouse(), 'Olive Owner')
    const org = await createOrganization(gatehouse(), owner)
    const first = await invite(gatehouse(), org, 'first@example.test', 'viewer')
    const second = await invite(gatehouse(), org, 'second@example.test', 'devops')
    const res = await call(gatehouse(), 'GET', `/organization/${org.id}/inviteMember`, { as: owner.as })
    expect(res.status).toBe(200)
    expect(res.body.results).toEqual([second, first])
    expect(res.body.results[0]).toMatchObject({
      email: 'second@example.test',
      role_name: 'devops',
      invitation_status: 'PENDING',
      inviter: 'Olive Owner',
    })
  })

  it('leaves out accepted and withdrawn invitations', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const joiner = await signUpAndLogIn(gatehouse())
    const accepted = await invite(gatehouse(), org, joiner.email)
    const withdrawn = await invite(gatehouse(), org, 'withdrawn@example.test')
    const pending = await invite(gatehouse(), org, 'pending@example.test')
    expect(
      (
        await call(gatehouse(), 'POST', `/organization/${org.id}/inviteMember/${accepted.id}`, {
          as: joiner.as,
        })
      ).status,
    ).toBe(201)
    expect(
      (
        await call(gatehouse(), 'DELETE', `/organization/${org.id}/inviteMember/${withdrawn.id}`, {
          as: owner.as,
        })
      ).status,
    ).toBe(204)
    const res = await call(gatehouse(), 'GET', `/organization/${org.id}/inviteMember`, { as: owner.as })
    expect(res.body.results.map((i: { id: string }) => i.id)).toEqual([pending.id])
  })
})

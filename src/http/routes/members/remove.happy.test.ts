import { expect, it } from 'vitest'
import { addMember, call, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { auditEvents, roleInDatabase } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('DELETE /organization/{id}/member: happy', (gatehouse) => {
  it('removes a member, who loses access at once', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const member = await addMember(gatehouse(), org, 'devops')
    expect((await call(gatehouse(), 'GET', `/organization/${org.id}`, { as: member.as })).status).toBe(200)

    const res = await call(gatehouse(), 'DELETE', `/organization/${org.id}/member`, {
      as: owner.as,
      body: { user_id: member.id },
    })
    expect(res.status).toBe(204)
    expect(res.text).toBe('')
    expect(await roleInDatabase(gatehouse(), org.id, member.id)).toBeUndefined()
    expect((await call(gatehouse(), 'GET', `/organization/${org.id}`, { as: member.as })).status).toBe(404)
    const listed = await call(gatehouse(), 'GET', `/organization/${org.id}/member`, { as: owner.as })
    expect(listed.body.results.map((m: { id: string }) => m.id)).toEqual([owner.id])
  })

  it('records member.removed', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const member = await addMember(gatehouse(), org, 'viewer', 'Gone Soon')
    await call(gatehouse(), 'DELETE', `/organization/${org.id}/member`, {
      as: owner.as,
      body: { user_id: member.id },
    })
    const events = await auditEvents(gatehouse(), org.id, 'member.removed')
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ target_id: member.id, target_name: 'Gone Soon', actor_id: owner.id })
  })

  it('a removed user keeps their account and other memberships', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const member = await addMember(gatehouse(), org, 'viewer')
    const own = await createOrganization(gatehouse(), member)
    await call(gatehouse(), 'DELETE', `/organization/${org.id}/member`, {
      as: owner.as,
      body: { user_id: member.id },
    })
    expect(await roleInDatabase(gatehouse(), own.id, member.id)).toBe('owner')
    expect((await call(gatehouse(), 'GET', '/account', { as: member.as })).status).toBe(200)
  })
})

import { expect, it } from 'vitest'
import { addMember, call, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /organization/{id}/member: happy', (gatehouse) => {
  it('lists every member with their role, oldest first', async () => {
    const owner = await signUpAndLogIn(gatehouse(), 'Olive Owner')
    const org = await createOrganization(gatehouse(), owner)
    const devops = await addMember(gatehouse(), org, 'devops', 'Dev Ops')

    const listed = await call(gatehouse(), 'GET', `/organization/${org.id}/member`, { as: owner.as })
    expect(listed.status).toBe(200)
    expect(listed.body.results).toEqual([
      {
        id: owner.id,
        created_at: expect.any(String),
        name: 'Olive Owner',
        email: owner.email,
        role_id: org.roles.owner,
        role_name: 'owner',
        last_activity_at: expect.any(String),
      },
      {
        id: devops.id,
        created_at: expect.any(String),
        name: 'Dev Ops',
        email: devops.email,
        role_id: org.roles.devops,
        role_name: 'devops',
        last_activity_at: expect.any(String),
      },
    ])
    expect(Number.isNaN(Date.parse(listed.body.results[0].created_at))).toBe(false)
  })

  it('gives null as last_activity_at for a member who never signed in', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const viewer = await addMember(gatehouse(), org, 'viewer')
    await gatehouse()
      .deps.db.updateTable('users')
      .set({ last_activity_at: null })
      .where('id', '=', viewer.id)
      .execute()
    const listed = await call(gatehouse(), 'GET', `/organization/${org.id}/member`, { as: owner.as })
    const row = listed.body.results.find((m: { id: string }) => m.id === viewer.id)
    expect(row.last_activity_at).toBeNull()
  })

  it('lists only members of this organization', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const other = await createOrganization(gatehouse(), await signUpAndLogIn(gatehouse()))
    await addMember(gatehouse(), other, 'admin')
    const listed = await call(gatehouse(), 'GET', `/organization/${org.id}/member`, { as: owner.as })
    expect(listed.body.results.map((m: { id: string }) => m.id)).toEqual([owner.id])
  })
})

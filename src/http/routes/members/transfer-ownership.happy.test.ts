import { expect, it } from 'vitest'
import { addMember, call, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { auditEvents, roleInDatabase } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('POST /organization/{id}/transferOwnership: happy', (gatehouse) => {
  it('makes the member the owner and the former owner an admin', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const heir = await addMember(gatehouse(), org, 'devops', 'Hugo Heir')
    const res = await call(gatehouse(), 'POST', `/organization/${org.id}/transferOwnership`, {
      as: owner.as,
      body: { user_id: heir.id },
    })
    expect(res.status).toBe(204)
    expect(res.text).toBe('')
    expect(await roleInDatabase(gatehouse(), org.id, heir.id)).toBe('owner')
    expect(await roleInDatabase(gatehouse(), org.id, owner.id)).toBe('admin')
    const organization = await call(gatehouse(), 'GET', `/organization/${org.id}`, { as: heir.as })
    expect(organization.body.owner).toBe(heir.id)
  })

  it('the new owner may do owner things at once; the former owner may not', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const heir = await addMember(gatehouse(), org, 'viewer')
    await call(gatehouse(), 'POST', `/organization/${org.id}/transferOwnership`, {
      as: owner.as,
      body: { user_id: heir.id },
    })
    const back = await call(gatehouse(), 'POST', `/organization/${org.id}/transferOwnership`, {
      as: owner.as,
      body: { user_id: owner.id },
    })
    expect(back.status).toBe(403)
    const handBack = await call(gatehouse(), 'POST', `/organization/${org.id}/transferOwnership`, {
      as: heir.as,
      body: { user_id: owner.id },
    })
    expect(handBack.status).toBe(204)
    expect(await roleInDatabase(gatehouse(), org.id, owner.id)).toBe('owner')
    expect(await roleInDatabase(gatehouse(), org.id, heir.id)).toBe('admin')
  })

  it('records organization.ownership_transferred with from and to', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const heir = await addMember(gatehouse(), org, 'admin')
    await call(gatehouse(), 'POST', `/organization/${org.id}/transferOwnership`, {
      as: owner.as,
      body: { user_id: heir.id },
    })
    const events = await auditEvents(gatehouse(), org.id, 'organization.ownership_transferred')
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      target_type: 'organization',
      target_id: org.id,
      actor_id: owner.id,
      details: { from: owner.id, to: heir.id },
    })
  })
})

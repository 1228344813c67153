import { expect, it } from 'vitest'
import {
  addMember,
  call,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
} from '../../../../test/support/api.ts'
import { auditEvents, invitationRows, invite, roleInDatabase } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('POST /organization/{id}/inviteMember/{inviteId}: errors', (gatehouse) => {
  it('answers 404 for an unknown invitation', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const user = await signUpAndLogIn(gatehouse())
    const res = await call(
      gatehouse(),
      'POST',
      `/organization/${org.id}/inviteMember/${crypto.randomUUID()}`,
      {
        as: user.as,
      },
    )
    expectProblem(res, 404)
  })

  it('an invitation is accepted once: the second time answers 404', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const invitee = await signUpAndLogIn(gatehouse())
    const created = await invite(gatehouse(), org, invitee.email)
    const path = `/organization/${org.id}/inviteMember/${created.id}`
    expect((await call(gatehouse(), 'POST', path, { as: invitee.as })).status).toBe(201)
    expectProblem(await call(gatehouse(), 'POST', path, { as: invitee.as }), 404)
    expect(await auditEvents(gatehouse(), org.id, 'member.joined')).toHaveLength(1)
  })

  it('a withdrawn invitation cannot be accepted', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const invitee = await signUpAndLogIn(gatehouse())
    const created = await invite(gatehouse(), org, invitee.email)
    const path = `/organization/${org.id}/inviteMember/${created.id}`
    expect((await call(gatehouse(), 'DELETE', path, { as: owner.as })).status).toBe(204)
    expectProblem(await call(gatehouse(), 'POST', path, { as: invitee.as }), 404)
    expect(await roleInDatabase(gatehouse(), org.id, invitee.id)).toBeUndefined()
  })

  it('answers 409 when the user is already a member, and keeps their role', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const member = await addMember(gatehouse(), org, 'viewer')
    // Invited before joining another way: the invitation row is inserted directly.
    const [row] = await gatehouse()
      .deps.db.insertInto('invitations')
      .values({
        organization_id: org.id,
        email: member.email,
        role_id: org.roles.admin,
        inviter_name: 'x',
        status: 'PENDING',
      })
      .returning('id')
      .execute()
    const res = await call(gatehouse(), 'POST', `/organization/${org.id}/inviteMember/${row?.id}`, {
      as: member.as,
    })
    expectProblem(res, 409)
    expect(await roleInDatabase(gatehouse(), org.id, member.id)).toBe('viewer')
    expect((await invitationRows(gatehouse(), org.id))[0]?.status).toBe('PENDING')
  })

  it('ignores a role in the body: the role comes from the invitation only', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const invitee = await signUpAndLogIn(gatehouse())
    const created = await invite(gatehouse(), org, invitee.email, 'viewer')
    const res = await call(gatehouse(), 'POST', `/organization/${org.id}/inviteMember/${created.id}`, {
      as: invitee.as,
      body: { role_id: org.roles.admin },
    })
    expect(res.status).toBe(201)
    expect(res.body.role_name).toBe('viewer')
  })
})

describeEachDatabase('POST /organization/{id}/inviteMember/{inviteId}: races', (gatehouse) => {
  it('two acceptances at the same moment: one joins, the other gets 404', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const invitee = await signUpAndLogIn(gatehouse())
    const created = await invite(gatehouse(), org, invitee.email, 'devops')
    const path = `/organization/${org.id}/inviteMember/${created.id}`
    const answers = await Promise.all([
      call(gatehouse(), 'POST', path, { as: invitee.as }),
      call(gatehouse(), 'POST', path, { as: invitee.as }),
      call(gatehouse(), 'POST', path, { as: invitee.as }),
    ])
    expect(answers.map((a) => a.status).sort()).toEqual([201, 404, 404])
    expect(await auditEvents(gatehouse(), org.id, 'member.joined')).toHaveLength(1)
    expect(await roleInDatabase(gatehouse(), org.id, invitee.id)).toBe('devops')
  })
})

import { expect, it } from 'vitest'
import {
  addMember,
  call,
  createApiToken,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
} from '../../../../test/support/api.ts'
import { auditEvents, invitationRows, invite, roleInDatabase } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('POST /organization/{id}/inviteMember/{inviteId}: security', (gatehouse) => {
  it('an invitation addressed to another email is refused to a stranger as if it did not exist', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const invitee = await signUpAndLogIn(gatehouse())
    const thief = await signUpAndLogIn(gatehouse())
    const created = await invite(gatehouse(), org, invitee.email, 'admin')
    const res = await call(gatehouse(), 'POST', `/organization/${org.id}/inviteMember/${created.id}`, {
      as: thief.as,
    })
    // The same answer as for an id that does not exist: a stranger learns nothing.
    const unknown = await call(
      gatehouse(),
      'POST',
      `/organization/${org.id}/inviteMember/${crypto.randomUUID()}`,
      {
        as: thief.as,
      },
    )
    expectProblem(res, 404)
    expect(res.body).toEqual(unknown.body)
    expect(res.body.detail).toMatch(/addressed to the email you are signed in with/)
    expect(res.text).not.toContain(invitee.email)
    expect(await roleInDatabase(gatehouse(), org.id, thief.id)).toBeUndefined()
    expect((await invitationRows(gatehouse(), org.id))[0]?.status).toBe('PENDING')
    expect(await auditEvents(gatehouse(), org.id, 'member.joined')).toHaveLength(0)
  })

  it('a member of the organization who is not the invitee cannot accept it either', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const viewer = await addMember(gatehouse(), org, 'viewer')
    const created = await invite(gatehouse(), org, 'someone-else@example.test', 'admin')
    const res = await call(gatehouse(), 'POST', `/organization/${org.id}/inviteMember/${created.id}`, {
      as: viewer.as,
    })
    expectProblem(res, 404)
    expect(await roleInDatabase(gatehouse(), org.id, viewer.id)).toBe('viewer')
    expect((await invitationRows(gatehouse(), org.id))[0]?.status).toBe('PENDING')
  })

  it("the organization's owner, who can see it, is told why it cannot accept on someone's behalf (403)", async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const created = await invite(gatehouse(), org, 'absent@example.test')
    const res = await call(gatehouse(), 'POST', `/organization/${org.id}/inviteMember/${created.id}`, {
      as: owner.as,
    })
    expectProblem(res, 403)
    expect(res.body.detail).toMatch(/sent to another email address/)
    expect(await roleInDatabase(gatehouse(), org.id, owner.id)).toBe('owner')
    expect((await invitationRows(gatehouse(), org.id))[0]?.status).toBe('PENDING')
  })

  it('API tokens cannot accept invitations, not even an admin token', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const created = await invite(gatehouse(), org, 'someone@example.test')
    const token = await createApiToken(gatehouse(), org, 'admin')
    const res = await call(gatehouse(), 'POST', `/organization/${org.id}/inviteMember/${created.id}`, {
      as: token.as,
    })
    expectProblem(res, 403)
    expect((await invitationRows(gatehouse(), org.id))[0]?.status).toBe('PENDING')
  })

  it('an invitation id under another organization answers 404 and joins nothing', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const invitee = await signUpAndLogIn(gatehouse())
    const created = await invite(gatehouse(), org, invitee.email, 'admin')
    const other = await createOrganization(gatehouse(), await signUpAndLogIn(gatehouse()))
    const res = await call(gatehouse(), 'POST', `/organization/${other.id}/inviteMember/${created.id}`, {
      as: invitee.as,
    })
    expectProblem(res, 404)
    expect(await roleInDatabase(gatehouse(), other.id, invitee.id)).toBeUndefined()
    expect(await roleInDatabase(gatehouse(), org.id, invitee.id)).toBeUndefined()
    expect((await invitationRows(gatehouse(), org.id))[0]?.status).toBe('PENDING')
  })

  it('answers 401 without credentials', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const created = await invite(gatehouse(), org, 'x@example.test')
    expectProblem(await call(gatehouse(), 'POST', `/organization/${org.id}/inviteMember/${created.id}`), 401)
  })
})

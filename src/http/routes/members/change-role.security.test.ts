import { expect, it } from 'vitest'
import {
  addMember,
  call,
  createApiToken,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
} from '../../../../test/support/api.ts'
import { auditEvents, createTeam, everyRole, roleInDatabase } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('PUT /organization/{id}/member: security', (gatehouse) => {
  it('only owner and admin may change roles (the matrix)', async () => {
    const { org, users: members } = await createTeam(gatehouse())
    const expected = { owner: 200, admin: 200, devops: 403, billing: 403, viewer: 403 }
    for (const role of everyRole) {
      const target = await addMember(gatehouse(), org, 'viewer')
      const res = await call(gatehouse(), 'PUT', `/organization/${org.id}/member`, {
        as: members[role].as,
        body: { user_id: target.id, role_id: org.roles.billing },
      })
      expect(res.status, role).toBe(expected[role])
      expect(await roleInDatabase(gatehouse(), org.id, target.id), role).toBe(
        expected[role] === 200 ? 'billing' : 'viewer',
      )
    }
  })

  it('an admin token may change roles; a devops token may not', async () => {
    const { org } = await createTeam(gatehouse())
    const target = await addMember(gatehouse(), org, 'viewer')
    const admin = await createApiToken(gatehouse(), org, 'admin')
    const devops = await createApiToken(gatehouse(), org, 'devops')
    const body = { user_id: target.id, role_id: org.roles.devops }
    const refused = await call(gatehouse(), 'PUT', `/organization/${org.id}/member`, { as: devops.as, body })
    expectProblem(refused, 403)
    expect(await roleInDatabase(gatehouse(), org.id, target.id)).toBe('viewer')
    const allowed = await call(gatehouse(), 'PUT', `/organization/${org.id}/member`, { as: admin.as, body })
    expect(allowed.status).toBe(200)
  })

  it('an admin cannot make anyone owner, nor change the owner', async () => {
    const { org, users: members } = await createTeam(gatehouse())
    const promote = await call(gatehouse(), 'PUT', `/organization/${org.id}/member`, {
      as: members.admin.as,
      body: { user_id: members.admin.id, role_id: org.roles.owner },
    })
    expect(promote.status).toBe(400)
    const demote = await call(gatehouse(), 'PUT', `/organization/${org.id}/member`, {
      as: members.admin.as,
      body: { user_id: members.owner.id, role_id: org.roles.viewer },
    })
    expect(demote.status).toBe(403)
    expect(await roleInDatabase(gatehouse(), org.id, members.admin.id)).toBe('admin')
    expect(await roleInDatabase(gatehouse(), org.id, members.owner.id)).toBe('owner')
  })

  it('a devops member cannot manage members, not even to raise themselves', async () => {
    const { org, users: members } = await createTeam(gatehouse())
    const res = await call(gatehouse(), 'PUT', `/organization/${org.id}/member`, {
      as: members.devops.as,
      body: { user_id: members.devops.id, role_id: org.roles.admin },
    })
    expectProblem(res, 403)
    expect(await roleInDatabase(gatehouse(), org.id, members.devops.id)).toBe('devops')
  })

  it('an admin may demote another admin, and may demote themselves', async () => {
    const { org, users: members } = await createTeam(gatehouse())
    const otherAdmin = await addMember(gatehouse(), org, 'admin')
    const demoteOther = await call(gatehouse(), 'PUT', `/organization/${org.id}/member`, {
      as: members.admin.as,
      body: { user_id: otherAdmin.id, role_id: org.roles.viewer },
    })
    expect(demoteOther.status).toBe(200)
    const demoteSelf = await call(gatehouse(), 'PUT', `/organization/${org.id}/member`, {
      as: members.admin.as,
      body: { user_id: members.admin.id, role_id: org.roles.viewer },
    })
    expect(demoteSelf.status).toBe(200)
    // Now a viewer: the next attempt to climb back is refused.
    const climb = await call(gatehouse(), 'PUT', `/organization/${org.id}/member`, {
      as: members.admin.as,
      body: { user_id: members.admin.id, role_id: org.roles.admin },
    })
    expectProblem(climb, 403)
  })

  it('ids from another organization answer 404 and change nothing', async () => {
    const { org, users: members } = await createTeam(gatehouse())
    const otherOwner = await signUpAndLogIn(gatehouse())
    const other = await createOrganization(gatehouse(), otherOwner)
    const otherMember = await addMember(gatehouse(), other, 'viewer')

    // A member of the other organization, changed through our organization.
    const viaOurs = await call(gatehouse(), 'PUT', `/organization/${org.id}/member`, {
      as: members.owner.as,
      body: { user_id: otherMember.id, role_id: org.roles.admin },
    })
    expectProblem(viaOurs, 404)
    // Our admin reaching into the other organization.
    const intoTheirs = await call(gatehouse(), 'PUT', `/organization/${other.id}/member`, {
      as: members.admin.as,
      body: { user_id: otherMember.id, role_id: other.roles.admin },
    })
    expectProblem(intoTheirs, 404)
    // An admin token of ours, likewise.
    const token = await createApiToken(gatehouse(), org, 'admin')
    const tokenIntoTheirs = await call(gatehouse(), 'PUT', `/organization/${other.id}/member`, {
      as: token.as,
      body: { user_id: otherMember.id, role_id: other.roles.admin },
    })
    expectProblem(tokenIntoTheirs, 404)

    expect(await roleInDatabase(gatehouse(), other.id, otherMember.id)).toBe('viewer')
    expect(await roleInDatabase(gatehouse(), org.id, otherMember.id)).toBeUndefined()
    expect(await auditEvents(gatehouse(), other.id, 'member.role_changed')).toHaveLength(0)
  })
})

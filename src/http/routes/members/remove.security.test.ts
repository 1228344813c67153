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

describeEachDatabase('DELETE /organization/{id}/member: security', (gatehouse) => {
  it('only owner and admin may remove members (the matrix)', async () => {
    const { org, users: members } = await createTeam(gatehouse())
    const expected = { owner: 204, admin: 204, devops: 403, billing: 403, viewer: 403 }
    for (const role of everyRole) {
      const target = await addMember(gatehouse(), org, 'viewer')
      const res = await call(gatehouse(), 'DELETE', `/organization/${org.id}/member`, {
        as: members[role].as,
        body: { user_id: target.id },
      })
      expect(res.status, role).toBe(expected[role])
      expect(await roleInDatabase(gatehouse(), org.id, target.id), role).toBe(
        expected[role] === 204 ? undefined : 'viewer',
      )
    }
  })

  it('an admin token may remove a member; a devops token may not', async () => {
    const { org } = await createTeam(gatehouse())
    const target = await addMember(gatehouse(), org, 'billing')
    const devops = await createApiToken(gatehouse(), org, 'devops')
    const admin = await createApiToken(gatehouse(), org, 'admin')
    const body = { user_id: target.id }
    expectProblem(
      await call(gatehouse(), 'DELETE', `/organization/${org.id}/member`, { as: devops.as, body }),
      403,
    )
    expect(await roleInDatabase(gatehouse(), org.id, target.id)).toBe('billing')
    const res = await call(gatehouse(), 'DELETE', `/organization/${org.id}/member`, { as: admin.as, body })
    expect(res.status).toBe(204)
    expect(await roleInDatabase(gatehouse(), org.id, target.id)).toBeUndefined()
  })

  it('an admin cannot remove the owner', async () => {
    const { org, users: members } = await createTeam(gatehouse())
    const res = await call(gatehouse(), 'DELETE', `/organization/${org.id}/member`, {
      as: members.admin.as,
      body: { user_id: members.owner.id },
    })
    expect(res.status).toBe(403)
    expect(await roleInDatabase(gatehouse(), org.id, members.owner.id)).toBe('owner')
  })

  it('a devops member cannot remove anyone, not even a viewer', async () => {
    const { org, users: members } = await createTeam(gatehouse())
    const res = await call(gatehouse(), 'DELETE', `/organization/${org.id}/member`, {
      as: members.devops.as,
      body: { user_id: members.viewer.id },
    })
    expectProblem(res, 403)
    expect(await roleInDatabase(gatehouse(), org.id, members.viewer.id)).toBe('viewer')
  })

  it('ids from another organization answer 404 and remove nobody', async () => {
    const { org, users: members } = await createTeam(gatehouse())
    const other = await createOrganization(gatehouse(), await signUpAndLogIn(gatehouse()))
    const otherMember = await addMember(gatehouse(), other, 'viewer')
    const viaOurs = await call(gatehouse(), 'DELETE', `/organization/${org.id}/member`, {
      as: members.owner.as,
      body: { user_id: otherMember.id },
    })
    expectProblem(viaOurs, 404)
    const intoTheirs = await call(gatehouse(), 'DELETE', `/organization/${other.id}/member`, {
      as: members.admin.as,
      body: { user_id: otherMember.id },
    })
    expectProblem(intoTheirs, 404)
    const token = await createApiToken(gatehouse(), org, 'admin')
    const tokenIntoTheirs = await call(gatehouse(), 'DELETE', `/organization/${other.id}/member`, {
      as: token.as,
      body: { user_id: otherMember.id },
    })
    expectProblem(tokenIntoTheirs, 404)
    expect(await roleInDatabase(gatehouse(), other.id, otherMember.id)).toBe('viewer')
    expect(await auditEvents(gatehouse(), other.id, 'member.removed')).toHaveLength(0)
  })
})

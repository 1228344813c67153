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

describeEachDatabase('POST /organization/{id}/transferOwnership: security', (gatehouse) => {
  it('only the owner may transfer ownership (the matrix)', async () => {
    const { org, users: members } = await createTeam(gatehouse())
    for (const role of everyRole.filter((r) => r !== 'owner')) {
      const res = await call(gatehouse(), 'POST', `/organization/${org.id}/transferOwnership`, {
        as: members[role].as,
        body: { user_id: members[role].id },
      })
      expectProblem(res, 403)
      expect(await roleInDatabase(gatehouse(), org.id, members[role].id), role).toBe(role)
    }
    expect(await roleInDatabase(gatehouse(), org.id, members.owner.id)).toBe('owner')
    const res = await call(gatehouse(), 'POST', `/organization/${org.id}/transferOwnership`, {
      as: members.owner.as,
      body: { user_id: members.viewer.id },
    })
    expect(res.status).toBe(204)
  })

  it('no API token may transfer ownership, not even an admin token', async () => {
    const { org, users: members } = await createTeam(gatehouse())
    const token = await createApiToken(gatehouse(), org, 'admin')
    const res = await call(gatehouse(), 'POST', `/organization/${org.id}/transferOwnership`, {
      as: token.as,
      body: { user_id: members.admin.id },
    })
    expectProblem(res, 403)
    expect(await roleInDatabase(gatehouse(), org.id, members.owner.id)).toBe('owner')
    expect(await roleInDatabase(gatehouse(), org.id, members.admin.id)).toBe('admin')
  })

  it('ids from another organization answer 404 and change nothing', async () => {
    const { org, users: members } = await createTeam(gatehouse())
    const otherOwner = await signUpAndLogIn(gatehouse())
    const other = await createOrganization(gatehouse(), otherOwner)
    const otherMember = await addMember(gatehouse(), other, 'admin')
    const viaOurs = await call(gatehouse(), 'POST', `/organization/${org.id}/transferOwnership`, {
      as: members.owner.as,
      body: { user_id: otherMember.id },
    })
    expectProblem(viaOurs, 404)
    const intoTheirs = await call(gatehouse(), 'POST', `/organization/${other.id}/transferOwnership`, {
      as: members.owner.as,
      body: { user_id: members.owner.id },
    })
    expectProblem(intoTheirs, 404)
    expect(await roleInDatabase(gatehouse(), org.id, members.owner.id)).toBe('owner')
    expect(await roleInDatabase(gatehouse(), other.id, otherOwner.id)).toBe('owner')
    expect(await roleInDatabase(gatehouse(), other.id, members.owner.id)).toBeUndefined()
    const organization = await gatehouse()
      .deps.db.selectFrom('organizations')
      .select('owner_id')
      .where('id', '=', other.id)
      .executeTakeFirstOrThrow()
    expect(organization.owner_id).toBe(otherOwner.id)
    expect(await auditEvents(gatehouse(), other.id, 'organization.ownership_transferred')).toHaveLength(0)
  })
})

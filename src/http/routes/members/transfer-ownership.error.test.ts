import { expect, it } from 'vitest'
import {
  addMember,
  call,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
} from '../../../../test/support/api.ts'
import { auditEvents, roleInDatabase } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('POST /organization/{id}/transferOwnership: errors', (gatehouse) => {
  it('answers 400 when the target is already the owner', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const res = await call(gatehouse(), 'POST', `/organization/${org.id}/transferOwnership`, {
      as: owner.as,
      body: { user_id: owner.id },
    })
    expectProblem(res, 400)
    expect(res.body.errors).toEqual([{ field: 'body.user_id', message: expect.any(String) }])
    expect(await roleInDatabase(gatehouse(), org.id, owner.id)).toBe('owner')
  })

  it('answers 404 when the target is not a member, and changes nothing', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const outsider = await signUpAndLogIn(gatehouse())
    for (const userId of [outsider.id, crypto.randomUUID()]) {
      const res = await call(gatehouse(), 'POST', `/organization/${org.id}/transferOwnership`, {
        as: owner.as,
        body: { user_id: userId },
      })
      expectProblem(res, 404)
    }
    expect(await roleInDatabase(gatehouse(), org.id, owner.id)).toBe('owner')
    expect(await roleInDatabase(gatehouse(), org.id, outsider.id)).toBeUndefined()
    expect(await auditEvents(gatehouse(), org.id, 'organization.ownership_transferred')).toHaveLength(0)
  })

  it('refuses malformed bodies with 400', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const heir = await addMember(gatehouse(), org, 'admin')
    for (const body of [undefined, {}, { user_id: 12 }, { user_id: heir.id, keep_admin: false }]) {
      const res = await call(gatehouse(), 'POST', `/organization/${org.id}/transferOwnership`, {
        as: owner.as,
        body,
      })
      expectProblem(res, 400)
    }
    expect(await roleInDatabase(gatehouse(), org.id, heir.id)).toBe('admin')
  })
})

describeEachDatabase('POST /organization/{id}/transferOwnership: races', (gatehouse) => {
  it('two transfers at the same moment leave exactly one owner, who owns the organization', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const first = await addMember(gatehouse(), org, 'admin')
    const second = await addMember(gatehouse(), org, 'devops')
    const transfer = (userId: string) =>
      call(gatehouse(), 'POST', `/organization/${org.id}/transferOwnership`, {
        as: owner.as,
        body: { user_id: userId },
      })
    const answers = await Promise.all([transfer(first.id), transfer(second.id)])
    // The second one runs after the first, when the caller is no longer the owner.
    expect(answers.map((a) => a.status).sort()).toEqual([204, 403])
    const owners = await gatehouse()
      .deps.db.selectFrom('memberships')
      .innerJoin('roles', 'roles.id', 'memberships.role_id')
      .select('memberships.user_id')
      .where('memberships.organization_id', '=', org.id)
      .where('roles.name', '=', 'owner')
      .execute()
    expect(owners).toHaveLength(1)
    const organization = await gatehouse()
      .deps.db.selectFrom('organizations')
      .select('owner_id')
      .where('id', '=', org.id)
      .executeTakeFirstOrThrow()
    expect(organization.owner_id).toBe(owners[0]?.user_id)
    expect(await roleInDatabase(gatehouse(), org.id, owner.id)).toBe('admin')
  })
})

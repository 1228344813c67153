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

describeEachDatabase('PUT /organization/{id}/member: errors', (gatehouse) => {
  async function setUp() {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const member = await addMember(gatehouse(), org, 'viewer')
    const put = (body: unknown) =>
      call(gatehouse(), 'PUT', `/organization/${org.id}/member`, { as: owner.as, body })
    return { owner, org, member, put }
  }

  it('refuses a role id that is not a role of this organization with 400 on body.role_id', async () => {
    const { org, member, put } = await setUp()
    const other = await createOrganization(gatehouse(), await signUpAndLogIn(gatehouse()))
    for (const roleId of [crypto.randomUUID(), other.roles.viewer]) {
      const res = await put({ user_id: member.id, role_id: roleId })
      expectProblem(res, 400)
      expect(res.body.errors).toEqual([{ field: 'body.role_id', message: expect.any(String) }])
    }
    expect(await roleInDatabase(gatehouse(), org.id, member.id)).toBe('viewer')
  })

  it('refuses to give the owner role, pointing to transferOwnership', async () => {
    const { org, member, put } = await setUp()
    const res = await put({ user_id: member.id, role_id: org.roles.owner })
    expectProblem(res, 400)
    expect(res.body.detail).toMatch(/transferOwnership/)
    expect(await roleInDatabase(gatehouse(), org.id, member.id)).toBe('viewer')
  })

  it("refuses to change the owner's role with 409, pointing to transferOwnership", async () => {
    const { owner, org, put } = await setUp()
    const res = await put({ user_id: owner.id, role_id: org.roles.admin })
    expectProblem(res, 409)
    expect(res.body.detail).toMatch(/transferOwnership/)
    expect(await roleInDatabase(gatehouse(), org.id, owner.id)).toBe('owner')
  })

  it('answers 404 for a user who is not a member, or does not exist', async () => {
    const { org, put } = await setUp()
    const outsider = await signUpAndLogIn(gatehouse())
    for (const userId of [outsider.id, crypto.randomUUID()]) {
      expectProblem(await put({ user_id: userId, role_id: org.roles.admin }), 404)
    }
    expect(await roleInDatabase(gatehouse(), org.id, outsider.id)).toBeUndefined()
  })

  it('refuses malformed bodies with 400 and names the field', async () => {
    const { org, member, put } = await setUp()
    const cases: [unknown, string][] = [
      [{ user_id: member.id }, 'body.role_id'],
      [{ role_id: org.roles.admin }, 'body.user_id'],
      [{ user_id: 'nope', role_id: org.roles.admin }, 'body.user_id'],
      [{ user_id: member.id, role_id: 42 }, 'body.role_id'],
      [{ user_id: member.id, role_id: org.roles.admin, role: 'admin' }, 'body.role'],
    ]
    for (const [body, field] of cases) {
      const res = await put(body)
      expectProblem(res, 400)
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field)
    }
    expect(await roleInDatabase(gatehouse(), org.id, member.id)).toBe('viewer')
    expect(await auditEvents(gatehouse(), org.id, 'member.role_changed')).toHaveLength(0)
  })

  it('refuses a body that is not JSON with 400', async () => {
    const { owner, org } = await setUp()
    const res = await call(gatehouse(), 'PUT', `/organization/${org.id}/member`, {
      as: owner.as,
      body: '{not json',
      headers: { 'content-type': 'application/json' },
    })
    expectProblem(res, 400)
  })
})

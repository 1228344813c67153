import { expect, it } from 'vitest'
import {
  addMember,
  call,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
} from '../../../../test/support/api.ts'
import { auditEvents, invitationRows } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('POST /organization/{id}/inviteMember: errors', (gatehouse) => {
  async function setUp() {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const post = (body: unknown) =>
      call(gatehouse(), 'POST', `/organization/${org.id}/inviteMember`, { as: owner.as, body })
    return { owner, org, post }
  }

  it('refuses a role that is not a role of this organization with 400 on body.role_id', async () => {
    const { org, post } = await setUp()
    const other = await createOrganization(gatehouse(), await signUpAndLogIn(gatehouse()))
    for (const roleId of [crypto.randomUUID(), other.roles.viewer]) {
      const res = await post({ email: 'someone@example.test', role_id: roleId })
      expectProblem(res, 400)
      expect(res.body.errors).toEqual([{ field: 'body.role_id', message: expect.any(String) }])
    }
    expect(await invitationRows(gatehouse(), org.id)).toHaveLength(0)
  })

  it('refuses to invite as owner, pointing to transferOwnership', async () => {
    const { org, post } = await setUp()
    const res = await post({ email: 'boss@example.test', role_id: org.roles.owner })
    expectProblem(res, 400)
    expect(res.body.detail).toMatch(/transferOwnership/)
    expect(await invitationRows(gatehouse(), org.id)).toHaveLength(0)
  })

  it('refuses invalid emails and unknown fields with 400 naming the field', async () => {
    const { org, post } = await setUp()
    const cases: [unknown, string][] = [
      [{ email: 'not-an-email', role_id: org.roles.viewer }, 'body.email'],
      [{ email: '', role_id: org.roles.viewer }, 'body.email'],
      [{ email: `${'a'.repeat(250)}@example.test`, role_id: org.roles.viewer }, 'body.email'],
      [{ role_id: org.roles.viewer }, 'body.email'],
      [{ email: 'x@example.test' }, 'body.role_id'],
      [{ email: 'x@example.test', role_id: org.roles.viewer, role: 'viewer' }, 'body.role'],
    ]
    for (const [body, field] of cases) {
      const res = await post(body)
      expectProblem(res, 400)
      expect(
        res.body.errors.map((e: { field: string }) => e.field),
        JSON.stringify(body),
      ).toContain(field)
    }
    expect(await invitationRows(gatehouse(), org.id)).toHaveLength(0)
  })

  it('answers 409 when the email is already a member, whatever its case', async () => {
    const { org, post } = await setUp()
    const member = await addMember(gatehouse(), org, 'viewer')
    const res = await post({ email: member.email.toUpperCase(), role_id: org.roles.admin })
    expectProblem(res, 409)
    expect(await invitationRows(gatehouse(), org.id)).toHaveLength(0)
  })

  it('answers 409 when the email already has a pending invitation, whatever its case', async () => {
    const { org, post } = await setUp()
    expect((await post({ email: 'twice@example.test', role_id: org.roles.viewer })).status).toBe(201)
    const res = await post({ email: 'TWICE@example.test', role_id: org.roles.admin })
    expectProblem(res, 409)
    expect(await invitationRows(gatehouse(), org.id)).toHaveLength(1)
    expect(await auditEvents(gatehouse(), org.id, 'member.invited')).toHaveLength(1)
  })

  it('a withdrawn invitation no longer blocks a new one', async () => {
    const { owner, org, post } = await setUp()
    const first = await post({ email: 'again@example.test', role_id: org.roles.viewer })
    await call(gatehouse(), 'DELETE', `/organization/${org.id}/inviteMember/${first.body.id}`, {
      as: owner.as,
    })
    expect((await post({ email: 'again@example.test', role_id: org.roles.viewer })).status).toBe(201)
  })
})

describeEachDatabase('POST /organization/{id}/inviteMember: races', (gatehouse) => {
  it('the same email invited twice at the same moment: one 201, one 409', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const post = (email: string) =>
      call(gatehouse(), 'POST', `/organization/${org.id}/inviteMember`, {
        as: owner.as,
        body: { email, role_id: org.roles.viewer },
      })
    const answers = await Promise.all([post('race@example.test'), post('RACE@example.test')])
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409])
    expect(await invitationRows(gatehouse(), org.id)).toHaveLength(1)
  })
})

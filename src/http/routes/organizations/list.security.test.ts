import { expect, it } from 'vitest'
import { call, createApiToken, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /organization: security', (gatehouse) => {
  it("never shows a user another user's organizations", async () => {
    const ann = await signUpAndLogIn(gatehouse())
    const bob = await signUpAndLogIn(gatehouse())
    const annOrg = await createOrganization(gatehouse(), ann)
    const bobOrg = await createOrganization(gatehouse(), bob)
    const annList = await call(gatehouse(), 'GET', '/organization', { as: ann.as })
    const bobList = await call(gatehouse(), 'GET', '/organization', { as: bob.as })
    expect(annList.body.results.map((o: { id: string }) => o.id)).toEqual([annOrg.id])
    expect(bobList.body.results.map((o: { id: string }) => o.id)).toEqual([bobOrg.id])
    expect(annList.text).not.toContain(bobOrg.name)
  })

  it('shows a token only its own organization, though its creator owns others', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const first = await createOrganization(gatehouse(), owner)
    const second = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), first, 'admin')
    const res = await call(gatehouse(), 'GET', '/organization', { as: token.as })
    expect(res.body.results.map((o: { id: string }) => o.id)).toEqual([first.id])
    expect(res.text).not.toContain(second.id)
  })

  it('stops listing an organization once the user is removed from it', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const member = await signUpAndLogIn(gatehouse())
    await gatehouse()
      .deps.db.insertInto('memberships')
      .values({ organization_id: org.id, user_id: member.id, role_id: org.roles.admin })
      .execute()
    expect((await call(gatehouse(), 'GET', '/organization', { as: member.as })).body.results).toHaveLength(1)
    await gatehouse().deps.db.deleteFrom('memberships').where('user_id', '=', member.id).execute()
    expect((await call(gatehouse(), 'GET', '/organization', { as: member.as })).body.results).toEqual([])
  })
})

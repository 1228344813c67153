import { expect, it } from 'vitest'
import { addMember, call, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /organization: happy', (gatehouse) => {
  it("lists the user's organizations, owned or joined, with their fields", async () => {
    const user = await signUpAndLogIn(gatehouse())
    const owned = await createOrganization(gatehouse(), user)
    const someoneElse = await signUpAndLogIn(gatehouse())
    const joined = await createOrganization(gatehouse(), someoneElse)
    await gatehouse()
      .deps.db.insertInto('memberships')
      .values({ organization_id: joined.id, user_id: user.id, role_id: joined.roles.viewer })
      .execute()
    const res = await call(gatehouse(), 'GET', '/organization', { as: user.as })
    expect(res.status).toBe(200)
    expect(res.body.results.map((o: { id: string }) => o.id).sort()).toEqual([owned.id, joined.id].sort())
    const ownedRow = res.body.results.find((o: { id: string }) => o.id === owned.id)
    expect(ownedRow).toEqual({
      id: owned.id,
      name: owned.name,
      description: '',
      owner: user.id,
      api_token_max_lifetime_days: null,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    })
  })

  it('answers an empty list to a user without organizations', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'GET', '/organization', { as: user.as })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ results: [] })
  })

  it('lists its own organization to an API token', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const member = await addMember(gatehouse(), org, 'devops')
    const created = await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken`, {
      as: member.as,
      body: { name: 'lister', role_id: org.roles.viewer },
    })
    const res = await call(gatehouse(), 'GET', '/organization', { as: { token: created.body.token } })
    expect(res.status).toBe(200)
    expect(res.body.results.map((o: { id: string }) => o.id)).toEqual([org.id])
  })
})

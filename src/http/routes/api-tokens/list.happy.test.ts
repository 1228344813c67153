import { expect, it } from 'vitest'
import { addMember, call, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /organization/{id}/apiToken: happy', (gatehouse) => {
  it('lists the tokens, newest first, with their documented fields and creator', async () => {
    const owner = await signUpAndLogIn(gatehouse(), 'Olive Owner')
    const org = await createOrganization(gatehouse(), owner)
    const path = `/organization/${org.id}/apiToken`
    const first = await call(gatehouse(), 'POST', path, {
      as: owner.as,
      body: { name: 'first', description: 'one', role_id: org.roles.viewer },
    })
    const third = await call(gatehouse(), 'POST', path, { as: owner.as, body: { name: 'third' } })
    const byToken = await call(gatehouse(), 'POST', path, {
      as: { token: third.body.token },
      body: { name: 'made by a token', role_id: org.roles.devops },
    })
    const res = await call(gatehouse(), 'GET', path, { as: owner.as })
    expect(res.status).toBe(200)
    expect(res.body.results.map((t: { name: string }) => t.name)).toEqual([
      'made by a token',
      'third',
      'first',
    ])
    expect(res.body.results[2]).toEqual({
      id: first.body.id,
      created_at: first.body.created_at,
      updated_at: first.body.updated_at,
      name: 'first',
      description: 'one',
      role_id: org.roles.viewer,
      role_name: 'viewer',
      creator_name: 'Olive Owner',
      origin: 'manual',
      status: 'active',
      expires_at: null,
      allowed_cidrs: [],
      last_used_at: null,
      last_used_from: [],
      stale: false,
      rotated_at: null,
      grace_period_ends_at: null,
      leak: null,
    })
    expect(res.body.results[0]).toMatchObject({
      id: byToken.body.id,
      creator_name: 'third',
      role_name: 'devops',
    })
  })

  it('filters by name and by creator name: contains, case-insensitive, both at once', async () => {
    const owner = await signUpAndLogIn(gatehouse(), 'Alice Admin')
    const org = await createOrganization(gatehouse(), owner)
    const devops = await addMember(gatehouse(), org, 'devops', 'Bob Builder')
    const path = `/organization/${org.id}/apiToken`
    for (const [as, name] of [
      [owner.as, 'Terraform prod'],
      [owner.as, 'github-actions'],
      [devops.as, 'terraform staging'],
    ] as const) {
      expect(
        (await call(gatehouse(), 'POST', path, { as, body: { name, role_id: org.roles.viewer } })).status,
      ).toBe(201)
    }
    const names = async (query: string) => {
      const res = await call(gatehouse(), 'GET', `${path}?${query}`, { as: owner.as })
      expect(res.status).toBe(200)
      return res.body.results.map((t: { name: string }) => t.name).sort()
    }
    expect(await names('name=TERRA')).toEqual(['Terraform prod', 'terraform staging'])
    expect(await names('creatorName=bob')).toEqual(['terraform staging'])
    expect(await names('name=terraform&creatorName=alice')).toEqual(['Terraform prod'])
    expect(await names('name=nothing-like-this')).toEqual([])
    expect(await names('name=')).toHaveLength(3)
  })

  it('matches % and _ literally, not as wildcards', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const path = `/organization/${org.id}/apiToken`
    for (const name of ['100% uptime', '100 percent', 'a_b', 'axb']) {
      expect((await call(gatehouse(), 'POST', path, { as: owner.as, body: { name } })).status).toBe(201)
    }
    const search = async (name: string) => {
      const res = await call(gatehouse(), 'GET', `${path}?name=${encodeURIComponent(name)}`, { as: owner.as })
      return res.body.results.map((t: { name: string }) => t.name)
    }
    expect(await search('%')).toEqual(['100% uptime'])
    expect(await search('0%')).toEqual(['100% uptime'])
    expect(await search('_')).toEqual(['a_b'])
    expect(await search('\\')).toEqual([])
  })

  it('answers an empty list for an organization without tokens', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const res = await call(gatehouse(), 'GET', `/organization/${org.id}/apiToken`, { as: owner.as })
    expect(res.body).toEqual({ results: [], next_cursor: null })
  })
})

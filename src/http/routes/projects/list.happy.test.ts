import { expect, it } from 'vitest'
import { call, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { createProject } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /organization/{id}/project: happy', (gatehouse) => {
  it("lists the organization's projects by name, and none of another organization's", async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const other = await createOrganization(gatehouse(), owner)
    const zeta = await createProject(gatehouse(), org, { name: 'zeta', description: 'last' })
    const alpha = await createProject(gatehouse(), org, { name: 'alpha' })
    await createProject(gatehouse(), other, { name: 'elsewhere' })

    const res = await call(gatehouse(), 'GET', `/organization/${org.id}/project`, { as: owner.as })
    expect(res.status).toBe(200)
    expect(res.body.results.map((p: { name: string }) => p.name)).toEqual(['alpha', 'zeta'])
    expect(res.body.results[0]).toEqual(alpha)
    expect(res.body.results[1]).toEqual(zeta)
  })

  it('answers an empty list for an organization without projects', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const res = await call(gatehouse(), 'GET', `/organization/${org.id}/project`, { as: owner.as })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ results: [], next_cursor: null })
  })
})

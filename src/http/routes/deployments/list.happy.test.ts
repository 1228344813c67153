import { expect, it } from 'vitest'
import { call, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { createEnvironment, createProject } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /environment/{id}/deployment: happy', (gatehouse) => {
  it("lists the environment's deployments newest first, a page at a time, and none of another environment's", async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const web = await createProject(gatehouse(), org)
    const staging = await createEnvironment(gatehouse(), org, web.id, { mode: 'STAGING' })
    const other = await createEnvironment(gatehouse(), org, web.id, { mode: 'STAGING' })
    const made: string[] = []
    for (let i = 0; i < 5; i++) {
      const res = await call(gatehouse(), 'POST', `/environment/${staging.id}/deployment`, {
        as: owner.as,
        body: { version: `v1.0.${i}` },
      })
      made.push(res.body.id)
    }
    await call(gatehouse(), 'POST', `/environment/${other.id}/deployment`, {
      as: owner.as,
      body: { version: 'x1' },
    })
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const query: string = `?limit=2${cursor ? `&cursor=${cursor}` : ''}`
      const page = await call(gatehouse(), 'GET', `/environment/${staging.id}/deployment${query}`, {
        as: owner.as,
      })
      expect(page.status, page.text).toBe(200)
      expect(page.body.results.length).toBeLessThanOrEqual(2)
      seen.push(...page.body.results.map((d: { id: string }) => d.id))
      cursor = page.body.next_cursor
    } while (cursor)
    expect(seen).toEqual([...made].reverse())
    // A cursor belongs to its environment's list.
    const first = await call(gatehouse(), 'GET', `/environment/${staging.id}/deployment?limit=1`, {
      as: owner.as,
    })
    const foreign = await call(
      gatehouse(),
      'GET',
      `/environment/${other.id}/deployment?cursor=${first.body.next_cursor}`,
      {
        as: owner.as,
      },
    )
    expect(foreign.status).toBe(400)
  })
})

import { expect, it } from 'vitest'
import { call, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { createEnvironment, createProject } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /project/{id}/environment: happy', (gatehouse) => {
  it("lists the project's environments by name, and none of another project's", async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const project = await createProject(gatehouse(), org)
    const other = await createProject(gatehouse(), org)
    const staging = await createEnvironment(gatehouse(), org, project.id, {
      name: 'staging',
      mode: 'STAGING',
    })
    const dev = await createEnvironment(gatehouse(), org, project.id, { name: 'dev', mode: 'DEVELOPMENT' })
    await createEnvironment(gatehouse(), org, other.id, { name: 'elsewhere' })

    const res = await call(gatehouse(), 'GET', `/project/${project.id}/environment`, { as: owner.as })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ results: [dev, staging], next_cursor: null })

    const empty = await createProject(gatehouse(), org)
    const none = await call(gatehouse(), 'GET', `/project/${empty.id}/environment`, { as: owner.as })
    expect(none.body).toEqual({ results: [], next_cursor: null })
  })
})

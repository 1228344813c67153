import { expect, it } from 'vitest'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import {
  createEnvironment,
  createProject,
  snapshotProjectData,
  unknownId,
} from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('PUT /environment/{id}: errors', (gatehouse) => {
  it("refuses a sibling environment's name with 409, changing nothing", async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const project = await createProject(gatehouse(), org)
    await createEnvironment(gatehouse(), org, project.id, { name: 'prod' })
    const env = await createEnvironment(gatehouse(), org, project.id, { name: 'dev' })
    const before = await snapshotProjectData(gatehouse())
    const res = await call(gatehouse(), 'PUT', `/environment/${env.id}`, {
      as: owner.as,
      body: { name: 'PROD', mode: 'PRODUCTION' },
    })
    expectProblem(res, 409)
    expect(await snapshotProjectData(gatehouse())).toEqual(before)
  })

  it.each([
    ['a bad mode', { name: 'x', mode: 'TEST' }, 'body.mode'],
    ['a missing mode', { name: 'x' }, 'body.mode'],
    ['an empty name', { name: '', mode: 'STAGING' }, 'body.name'],
    ['a name over 255 characters', { name: 'n'.repeat(256), mode: 'STAGING' }, 'body.name'],
    ['an unknown field', { name: 'x', mode: 'STAGING', project: { id: unknownId } }, 'body.project'],
  ])('refuses %s with 400, changing nothing', async (_, body, field) => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const env = await createEnvironment(gatehouse(), org, (await createProject(gatehouse(), org)).id)
    const before = await snapshotProjectData(gatehouse())
    const res = await call(gatehouse(), 'PUT', `/environment/${env.id}`, { as: owner.as, body })
    expectProblem(res, 400)
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field)
    expect(await snapshotProjectData(gatehouse())).toEqual(before)
  })

  it('refuses an id that is not a UUID with 400 and answers 404 for an unknown one', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const body = { name: 'x', mode: 'STAGING' }
    expectProblem(await call(gatehouse(), 'PUT', '/environment/1', { as: owner.as, body }), 400)
    expectProblem(await call(gatehouse(), 'PUT', `/environment/${unknownId}`, { as: owner.as, body }), 404)
  })
})

import { expect, it } from 'vitest'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import {
  createEnvironment,
  createProject,
  snapshotProjectData,
  unknownId,
} from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('DELETE /environment/{id}: errors', (gatehouse) => {
  it('refuses an id that is not a UUID with 400', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'DELETE', '/environment/not-a-uuid', { as: owner.as })
    expectProblem(res, 400)
    expect(res.body.errors[0].field).toBe('params.environmentId')
  })

  it('answers 404 for an unknown id and for a second delete, changing nothing', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const env = await createEnvironment(gatehouse(), org, (await createProject(gatehouse(), org)).id)
    expectProblem(await call(gatehouse(), 'DELETE', `/environment/${unknownId}`, { as: owner.as }), 404)
    expect((await call(gatehouse(), 'DELETE', `/environment/${env.id}`, { as: owner.as })).status).toBe(204)
    const before = await snapshotProjectData(gatehouse())
    expectProblem(await call(gatehouse(), 'DELETE', `/environment/${env.id}`, { as: owner.as }), 404)
    expect(await snapshotProjectData(gatehouse())).toEqual(before)
  })
})

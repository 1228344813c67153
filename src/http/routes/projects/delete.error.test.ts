import { expect, it } from 'vitest'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { createProject, snapshotProjectData, unknownId } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('DELETE /project/{id}: errors', (gatehouse) => {
  it('refuses an id that is not a UUID with 400', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'DELETE', '/project/0', { as: owner.as })
    expectProblem(res, 400)
    expect(res.body.errors[0].field).toBe('params.projectId')
  })

  it('answers 404 for an unknown id and for a second delete, recording nothing more', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const project = await createProject(gatehouse(), org)
    expectProblem(await call(gatehouse(), 'DELETE', `/project/${unknownId}`, { as: owner.as }), 404)
    expect((await call(gatehouse(), 'DELETE', `/project/${project.id}`, { as: owner.as })).status).toBe(204)
    const before = await snapshotProjectData(gatehouse())
    const again = await call(gatehouse(), 'DELETE', `/project/${project.id}`, { as: owner.as })
    expectProblem(again, 404)
    expect(again.body.detail).toBe('Project was not found.')
    expect(await snapshotProjectData(gatehouse())).toEqual(before)
  })
})

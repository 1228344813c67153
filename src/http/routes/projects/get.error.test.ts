import { expect, it } from 'vitest'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { createProject, unknownId } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /project/{id}: errors', (gatehouse) => {
  it('refuses an id that is not a UUID with 400', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'GET', '/project/not-a-uuid', { as: owner.as })
    expectProblem(res, 400)
    expect(res.body.errors[0].field).toBe('params.projectId')
  })

  it('answers 404 "Project was not found." for an unknown id', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'GET', `/project/${unknownId}`, { as: owner.as })
    expectProblem(res, 404)
    expect(res.body.detail).toBe('Project was not found.')
  })

  it('answers 404 for a project that was deleted', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const project = await createProject(gatehouse(), org)
    expect((await call(gatehouse(), 'DELETE', `/project/${project.id}`, { as: owner.as })).status).toBe(204)
    expectProblem(await call(gatehouse(), 'GET', `/project/${project.id}`, { as: owner.as }), 404)
  })
})

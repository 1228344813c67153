import { expect, it } from 'vitest'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import {
  createEnvironment,
  createProject,
  snapshotProjectData,
  unknownId,
} from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('POST /project/{id}/environment: errors', (gatehouse) => {
  it('refuses a duplicate name in the project, whatever its case, with 409', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const project = await createProject(gatehouse(), org)
    await createEnvironment(gatehouse(), org, project.id, { name: 'Staging', mode: 'STAGING' })
    const before = await snapshotProjectData(gatehouse())
    const res = await call(gatehouse(), 'POST', `/project/${project.id}/environment`, {
      as: owner.as,
      body: { name: 'staging', mode: 'PRODUCTION' },
    })
    expectProblem(res, 409)
    expect(res.body.detail).toMatch(/already exists in this project/)
    expect(await snapshotProjectData(gatehouse())).toEqual(before)
  })

  it.each([
    ['an unknown mode', { name: 'x', mode: 'QA' }, 'body.mode'],
    ['a lower-case mode', { name: 'x', mode: 'production' }, 'body.mode'],
    ['a missing mode', { name: 'x' }, 'body.mode'],
    ['a missing name', { mode: 'STAGING' }, 'body.name'],
    ['an empty name', { name: '', mode: 'STAGING' }, 'body.name'],
    ['a name over 255 characters', { name: 'e'.repeat(256), mode: 'STAGING' }, 'body.name'],
    ['an unknown field', { name: 'x', mode: 'STAGING', project_id: unknownId }, 'body.project_id'],
  ])('refuses %s with 400 and a field error, changing nothing', async (_, body, field) => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const project = await createProject(gatehouse(), org)
    const before = await snapshotProjectData(gatehouse())
    const res = await call(gatehouse(), 'POST', `/project/${project.id}/environment`, { as: owner.as, body })
    expectProblem(res, 400)
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field)
    expect(await snapshotProjectData(gatehouse())).toEqual(before)
  })

  it('refuses a project id that is not a UUID with 400, and answers 404 for an unknown one', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const body = { name: 'x', mode: 'STAGING' }
    const bad = await call(gatehouse(), 'POST', '/project/nope/environment', { as: owner.as, body })
    expectProblem(bad, 400)
    expect(bad.body.errors[0].field).toBe('params.projectId')
    const unknown = await call(gatehouse(), 'POST', `/project/${unknownId}/environment`, {
      as: owner.as,
      body,
    })
    expectProblem(unknown, 404)
    expect(unknown.body.detail).toBe('Project was not found.')
  })
})

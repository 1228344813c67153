import { expect, it } from 'vitest'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { createProject, snapshotProjectData, unknownId } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('PUT /project/{id}: errors', (gatehouse) => {
  it("refuses another project's name in the organization with 409, changing nothing", async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    await createProject(gatehouse(), org, { name: 'taken' })
    const project = await createProject(gatehouse(), org, { name: 'mine' })
    const before = await snapshotProjectData(gatehouse())
    const res = await call(gatehouse(), 'PUT', `/project/${project.id}`, {
      as: owner.as,
      body: { name: 'TAKEN' },
    })
    expectProblem(res, 409)
    expect(await snapshotProjectData(gatehouse())).toEqual(before)
  })

  it.each([
    ['a missing name', { description: 'x' }, 'body.name'],
    ['an empty name', { name: '' }, 'body.name'],
    ['a name over 255 characters', { name: 'n'.repeat(256) }, 'body.name'],
    ['a null description', { name: 'ok', description: null }, 'body.description'],
    ['an unknown field', { name: 'ok', organization_id: unknownId }, 'body.organization_id'],
  ])('refuses %s with 400, changing nothing', async (_, body, field) => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const project = await createProject(gatehouse(), org)
    const before = await snapshotProjectData(gatehouse())
    const res = await call(gatehouse(), 'PUT', `/project/${project.id}`, { as: owner.as, body })
    expectProblem(res, 400)
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field)
    expect(await snapshotProjectData(gatehouse())).toEqual(before)
  })

  it('refuses an id that is not a UUID with 400 and answers 404 for an unknown one', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    expectProblem(await call(gatehouse(), 'PUT', '/project/xyz', { as: owner.as, body: { name: 'a' } }), 400)
    const res = await call(gatehouse(), 'PUT', `/project/${unknownId}`, { as: owner.as, body: { name: 'a' } })
    expectProblem(res, 404)
    expect(res.body.detail).toBe('Project was not found.')
  })
})

import { expect, it } from 'vitest'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { createProject, snapshotProjectData } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('POST /organization/{id}/project: errors', (gatehouse) => {
  it('refuses a duplicate name in the organization, whatever its case, with 409', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    await createProject(gatehouse(), org, { name: 'Backend' })
    const before = await snapshotProjectData(gatehouse())
    for (const name of ['Backend', 'backend', ' BACKEND ']) {
      const res = await call(gatehouse(), 'POST', `/organization/${org.id}/project`, {
        as: owner.as,
        body: { name },
      })
      expectProblem(res, 409)
      expect(res.body.detail).toMatch(/already exists/)
    }
    expect(await snapshotProjectData(gatehouse())).toEqual(before)
  })

  it.each([
    ['a missing name', { description: 'x' }, 'body.name'],
    ['an empty name', { name: '' }, 'body.name'],
    ['a blank name', { name: '   ' }, 'body.name'],
    ['a name over 255 characters', { name: 'x'.repeat(256) }, 'body.name'],
    ['a name that is not a string', { name: 42 }, 'body.name'],
    ['a description over 1000 characters', { name: 'ok', description: 'd'.repeat(1001) }, 'body.description'],
    ['an unknown field', { name: 'ok', owner: 'me' }, 'body.owner'],
  ])('refuses %s with 400 and a field error, changing nothing', async (_, body, field) => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const before = await snapshotProjectData(gatehouse())
    const res = await call(gatehouse(), 'POST', `/organization/${org.id}/project`, { as: owner.as, body })
    expectProblem(res, 400)
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field)
    expect(await snapshotProjectData(gatehouse())).toEqual(before)
  })

  it('refuses an organization id that is not a UUID with 400', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'POST', '/organization/not-a-uuid/project', {
      as: owner.as,
      body: { name: 'x' },
    })
    expectProblem(res, 400)
    expect(res.body.errors[0].field).toBe('params.organizationId')
  })

  it('refuses a body that is not JSON', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const res = await call(gatehouse(), 'POST', `/organization/${org.id}/project`, {
      as: owner.as,
      body: '{"name": ',
      headers: { 'content-type': 'application/json' },
    })
    expectProblem(res, 400)
  })
})

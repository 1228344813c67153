import { expect, it } from 'vitest'
import { call, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { createProject } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('PUT /project/{id}: happy', (gatehouse) => {
  it('renames the project and changes its description, moving updated_at only', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const project = await createProject(gatehouse(), org, { name: 'old', description: 'before' })
    const res = await call(gatehouse(), 'PUT', `/project/${project.id}`, {
      as: owner.as,
      body: { name: 'new', description: 'after' },
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      id: project.id,
      name: 'new',
      description: 'after',
      organization: { id: org.id },
    })
    expect(res.body.created_at).toBe(project.created_at)
    expect(Date.parse(res.body.updated_at)).toBeGreaterThanOrEqual(Date.parse(res.body.created_at))
    const read = await call(gatehouse(), 'GET', `/project/${project.id}`, { as: owner.as })
    expect(read.body).toEqual(res.body)
  })

  it('keeps the description when none is given, and allows a change of case of its own name', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const project = await createProject(gatehouse(), org, { name: 'api', description: 'kept' })
    const res = await call(gatehouse(), 'PUT', `/project/${project.id}`, {
      as: owner.as,
      body: { name: 'API' },
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ name: 'API', description: 'kept' })
  })

  it('records project.updated with the previous values', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const project = await createProject(gatehouse(), org, { name: 'before', description: 'd1' })
    await call(gatehouse(), 'PUT', `/project/${project.id}`, { as: owner.as, body: { name: 'after' } })
    const event = await gatehouse()
      .deps.db.selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'project.updated')
      .where('target_id', '=', project.id)
      .executeTakeFirstOrThrow()
    expect(event).toMatchObject({ organization_id: org.id, target_name: 'after', actor_id: owner.id })
    expect(event.details).toEqual({ before: { name: 'before', description: 'd1' } })
  })
})

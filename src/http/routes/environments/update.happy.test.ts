import { expect, it } from 'vitest'
import { call, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { createEnvironment, createProject } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('PUT /environment/{id}: happy', (gatehouse) => {
  it('renames the environment and changes its mode, and records environment.updated', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const project = await createProject(gatehouse(), org)
    const env = await createEnvironment(gatehouse(), org, project.id, { name: 'qa', mode: 'DEVELOPMENT' })
    const res = await call(gatehouse(), 'PUT', `/environment/${env.id}`, {
      as: owner.as,
      body: { name: 'staging', mode: 'STAGING' },
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      id: env.id,
      name: 'staging',
      mode: 'STAGING',
      project: { id: project.id },
      organization: { id: org.id },
    })
    const read = await call(gatehouse(), 'GET', `/environment/${env.id}`, { as: owner.as })
    expect(read.body).toEqual(res.body)

    const event = await gatehouse()
      .deps.db.selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'environment.updated')
      .where('target_id', '=', env.id)
      .executeTakeFirstOrThrow()
    expect(event).toMatchObject({ organization_id: org.id, target_name: 'staging', actor_id: owner.id })
    expect(event.details).toEqual({
      before: { name: 'qa', mode: 'DEVELOPMENT' },
      project: { id: project.id },
    })
  })

  it('accepts its own name again with a new mode', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const env = await createEnvironment(gatehouse(), org, (await createProject(gatehouse(), org)).id, {
      name: 'main',
    })
    const res = await call(gatehouse(), 'PUT', `/environment/${env.id}`, {
      as: owner.as,
      body: { name: 'main', mode: 'PRODUCTION' },
    })
    expect(res.status).toBe(200)
    expect(res.body.mode).toBe('PRODUCTION')
  })
})

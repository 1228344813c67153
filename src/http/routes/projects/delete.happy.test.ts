import { expect, it } from 'vitest'
import { call, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { createEnvironment, createProject } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('DELETE /project/{id}: happy', (gatehouse) => {
  it('deletes the project and its environments, and nothing of other projects', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const doomed = await createProject(gatehouse(), org, { name: 'doomed' })
    const kept = await createProject(gatehouse(), org, { name: 'kept' })
    const staging = await createEnvironment(gatehouse(), org, doomed.id, { name: 'staging', mode: 'STAGING' })
    await createEnvironment(gatehouse(), org, doomed.id, { name: 'prod', mode: 'PRODUCTION' })
    const keptEnv = await createEnvironment(gatehouse(), org, kept.id)

    const res = await call(gatehouse(), 'DELETE', `/project/${doomed.id}`, { as: owner.as })
    expect(res.status).toBe(204)
    expect(res.text).toBe('')

    const db = gatehouse().deps.db
    expect(await db.selectFrom('projects').select('id').where('id', '=', doomed.id).execute()).toEqual([])
    expect(
      await db.selectFrom('environments').select('id').where('project_id', '=', doomed.id).execute(),
    ).toEqual([])
    expect((await call(gatehouse(), 'GET', `/environment/${staging.id}`, { as: owner.as })).status).toBe(404)
    expect((await call(gatehouse(), 'GET', `/environment/${keptEnv.id}`, { as: owner.as })).status).toBe(200)
    expect((await call(gatehouse(), 'GET', `/project/${kept.id}`, { as: owner.as })).status).toBe(200)
  })

  it('records project.deleted, naming the environments that went with it', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const project = await createProject(gatehouse(), org, { name: 'gone' })
    const env = await createEnvironment(gatehouse(), org, project.id, { name: 'dev' })
    await call(gatehouse(), 'DELETE', `/project/${project.id}`, { as: owner.as })
    const event = await gatehouse()
      .deps.db.selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'project.deleted')
      .where('target_id', '=', project.id)
      .executeTakeFirstOrThrow()
    expect(event).toMatchObject({ organization_id: org.id, target_name: 'gone', actor_id: owner.id })
    expect(event.details).toEqual({ environments: [{ id: env.id, name: 'dev' }] })
  })
})

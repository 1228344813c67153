import { expect, it } from 'vitest'
import { call, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { createEnvironment, createProject } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('DELETE /environment/{id}: happy', (gatehouse) => {
  it('deletes the environment only, and records environment.deleted', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const project = await createProject(gatehouse(), org)
    const doomed = await createEnvironment(gatehouse(), org, project.id, { name: 'old', mode: 'PREVIEW' })
    const kept = await createEnvironment(gatehouse(), org, project.id, { name: 'kept' })

    const res = await call(gatehouse(), 'DELETE', `/environment/${doomed.id}`, { as: owner.as })
    expect(res.status).toBe(204)
    expect(res.text).toBe('')

    const list = await call(gatehouse(), 'GET', `/project/${project.id}/environment`, { as: owner.as })
    expect(list.body.results.map((e: { id: string }) => e.id)).toEqual([kept.id])
    expect((await call(gatehouse(), 'GET', `/project/${project.id}`, { as: owner.as })).status).toBe(200)

    const event = await gatehouse()
      .deps.db.selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'environment.deleted')
      .where('target_id', '=', doomed.id)
      .executeTakeFirstOrThrow()
    expect(event).toMatchObject({ organization_id: org.id, target_name: 'old', actor_id: owner.id })
    expect(event.details).toEqual({ mode: 'PREVIEW', project: { id: project.id } })
  })
})

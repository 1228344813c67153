import { expect, it } from 'vitest'
import { call, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { createProject } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('POST /project/{id}/environment: happy', (gatehouse) => {
  it('creates an environment of each mode with the contract shape', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const project = await createProject(gatehouse(), org)
    for (const mode of ['DEVELOPMENT', 'PREVIEW', 'STAGING', 'PRODUCTION']) {
      const res = await call(gatehouse(), 'POST', `/project/${project.id}/environment`, {
        as: owner.as,
        body: { name: ` ${mode.toLowerCase()} `, mode },
      })
      expect(res.status).toBe(201)
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        created_at: expect.stringMatching(/Z$/),
        updated_at: expect.stringMatching(/Z$/),
        name: mode.toLowerCase(),
        mode,
        project: { id: project.id },
        organization: { id: org.id },
      })
    }
  })

  it('allows the same environment name in two projects', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    for (const project of [await createProject(gatehouse(), org), await createProject(gatehouse(), org)]) {
      const res = await call(gatehouse(), 'POST', `/project/${project.id}/environment`, {
        as: owner.as,
        body: { name: 'production', mode: 'PRODUCTION' },
      })
      expect(res.status).toBe(201)
    }
  })

  it('records environment.created, by an API token', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const project = await createProject(gatehouse(), org, { name: 'shop' })
    const token = await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken`, {
      as: owner.as,
      body: { name: 'ci', role_id: org.roles.devops },
    })
    const res = await call(gatehouse(), 'POST', `/project/${project.id}/environment`, {
      as: { token: token.body.token },
      body: { name: 'preview-42', mode: 'PREVIEW' },
    })
    expect(res.status).toBe(201)
    const event = await gatehouse()
      .deps.db.selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'environment.created')
      .where('target_id', '=', res.body.id)
      .executeTakeFirstOrThrow()
    expect(event).toMatchObject({
      organization_id: org.id,
      target_type: 'environment',
      target_name: 'preview-42',
      actor_type: 'api_token',
      actor_id: token.body.id,
      actor_name: 'ci',
      origin: 'api',
    })
    expect(event.details).toEqual({ mode: 'PREVIEW', project: { id: project.id, name: 'shop' } })
  })
})

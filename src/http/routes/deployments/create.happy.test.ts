import { expect, it } from 'vitest'
import { call, createApiToken, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import {
  auditEvents,
  createCustomRole,
  createEnvironment,
  createProject,
  holdersOfCustomRole,
} from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('POST /environment/{id}/deployment: happy', (gatehouse) => {
  it('records the version as QUEUED with who asked, user or token, and audits it', async () => {
    const owner = await signUpAndLogIn(gatehouse(), 'Ada Owner')
    const org = await createOrganization(gatehouse(), owner)
    const web = await createProject(gatehouse(), org, { name: 'web' })
    const staging = await createEnvironment(gatehouse(), org, web.id, { name: 'staging', mode: 'STAGING' })
    const devops = await createApiToken(gatehouse(), org, 'devops')
    const role = await createCustomRole(gatehouse(), org, {
      projects: [{ project_id: web.id, permissions: { STAGING: 'DEPLOYER' } }],
    })
    const { token } = await holdersOfCustomRole(gatehouse(), org, role.id)
    const path = `/environment/${staging.id}/deployment`
    const byOwner = await call(gatehouse(), 'POST', path, { as: owner.as, body: { version: 'v2.0.0-rc.1' } })
    expect(byOwner.status, byOwner.text).toBe(201)
    expect(byOwner.body).toEqual({
      id: expect.any(String),
      created_at: expect.any(String),
      environment: { id: staging.id },
      version: 'v2.0.0-rc.1',
      status: 'QUEUED',
      requested_by: { type: 'user', id: owner.id, name: 'Ada Owner' },
    })
    const byDevops = await call(gatehouse(), 'POST', path, {
      as: devops.as,
      body: { version: 'release/2024.1' },
    })
    expect(byDevops.body.requested_by).toEqual({ type: 'api_token', id: devops.id, name: devops.name })
    const sha = 'f'.repeat(40)
    const byCustom = await call(gatehouse(), 'POST', path, { as: token.as, body: { version: sha } })
    expect(byCustom.status).toBe(201)
    expect(byCustom.body.requested_by).toMatchObject({ type: 'api_token', id: token.id })

    const events = await auditEvents(gatehouse(), org.id, 'deployment.requested')
    expect(events).toHaveLength(3)
    expect(events.find((event) => event.actor_id === token.id)).toMatchObject({
      target_type: 'environment',
      target_id: staging.id,
      target_name: 'staging',
      details: {
        deployment: { id: byCustom.body.id, version: sha },
        mode: 'STAGING',
        project: { id: web.id },
      },
    })
  })
})

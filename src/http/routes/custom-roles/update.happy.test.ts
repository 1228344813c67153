import { expect, it } from 'vitest'
import { call, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import {
  auditEvents,
  createCustomRole,
  createEnvironment,
  createProject,
  customRoleBody,
  holdersOfCustomRole,
} from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('PUT /organization/{id}/customRole/{id}: happy', (gatehouse) => {
  it("answers the role's projects by name with every mode, stores no all-NO_ACCESS entry, and audits before and after", async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const web = await createProject(gatehouse(), org, { name: 'web' })
    const api = await createProject(gatehouse(), org, { name: 'api' })
    const nothing = await createProject(gatehouse(), org, { name: 'zzz' })
    const role = await createCustomRole(gatehouse(), org, {
      name: 'ci',
      projects: [{ project_id: web.id, permissions: { STAGING: 'VIEWER' } }],
    })
    const res = await call(gatehouse(), 'PUT', `/organization/${org.id}/customRole/${role.id}`, {
      as: owner.as,
      body: customRoleBody(
        'ci',
        [
          { project_id: web.id, permissions: { STAGING: 'DEPLOYER', PRODUCTION: 'VIEWER' } },
          { project_id: nothing.id, permissions: { STAGING: 'NO_ACCESS' } },
          { project_id: api.id, is_admin: true, permissions: { STAGING: 'VIEWER' } },
        ],
        'deploys staging',
      ),
    })
    expect(res.status, res.text).toBe(200)
    const modes = (levels: string[]) =>
      ['DEVELOPMENT', 'PREVIEW', 'STAGING', 'PRODUCTION'].map((environment_type, i) => ({
        environment_type,
        permission: levels[i],
      }))
    expect(res.body).toEqual({
      id: role.id,
      name: 'ci',
      description: 'deploys staging',
      cluster_permissions: [],
      project_permissions: [
        {
          project_id: api.id,
          project_name: 'api',
          is_admin: true,
          permissions: modes(['MANAGER', 'MANAGER', 'MANAGER', 'MANAGER']),
        },
        {
          project_id: web.id,
          project_name: 'web',
          is_admin: false,
          permissions: modes(['NO_ACCESS', 'NO_ACCESS', 'DEPLOYER', 'VIEWER']),
        },
      ],
    })
    const shown = await call(gatehouse(), 'GET', `/organization/${org.id}/customRole/${role.id}`, {
      as: owner.as,
    })
    expect(shown.body).toEqual(res.body)
    const events = await auditEvents(gatehouse(), org.id, 'role.updated')
    const event = events.sort((a, b) => a.created_at.getTime() - b.created_at.getTime()).at(-1)
    expect(event?.details).toMatchObject({
      before: {
        name: 'ci',
        project_permissions: [
          { project_id: web.id, permissions: modes(['NO_ACCESS', 'NO_ACCESS', 'VIEWER', 'NO_ACCESS']) },
        ],
      },
      after: {
        name: 'ci',
        description: 'deploys staging',
        project_permissions: res.body.project_permissions,
      },
    })
    // What availableRole lists: the most the grants amount to.
    const available = await call(gatehouse(), 'GET', `/organization/${org.id}/availableRole`, {
      as: owner.as,
    })
    expect(available.body.results.at(-1)).toMatchObject({
      id: role.id,
      kind: 'custom',
      description: 'deploys staging',
      permissions: ['organization:read', 'projects:read', 'projects:write', 'deployments:create'],
    })
  })

  it('applies to the very next request of a member and of a token whose credential is cached', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const web = await createProject(gatehouse(), org, { name: 'web' })
    const staging = await createEnvironment(gatehouse(), org, web.id, { mode: 'STAGING' })
    const role = await createCustomRole(gatehouse(), org, {
      projects: [{ project_id: web.id, permissions: { STAGING: 'DEPLOYER' } }],
    })
    const { callers } = await holdersOfCustomRole(gatehouse(), org, role.id)
    const deploy = (as: { token: string } | { session: string }) =>
      call(gatehouse(), 'POST', `/environment/${staging.id}/deployment`, { as, body: { version: 'abc1234' } })
    for (const caller of callers) expect((await deploy(caller.as)).status, caller.label).toBe(201)

    const edit = (permissions: Record<string, string>) =>
      call(gatehouse(), 'PUT', `/organization/${org.id}/customRole/${role.id}`, {
        as: owner.as,
        body: customRoleBody(role.name, [{ project_id: web.id, permissions }]),
      })
    expect((await edit({ STAGING: 'VIEWER' })).status).toBe(200)
    for (const caller of callers) {
      expect((await deploy(caller.as)).status, caller.label).toBe(403)
      expect((await call(gatehouse(), 'GET', `/environment/${staging.id}`, { as: caller.as })).status).toBe(
        200,
      )
    }
    expect((await edit({})).status).toBe(200)
    for (const caller of callers) {
      expect((await call(gatehouse(), 'GET', `/environment/${staging.id}`, { as: caller.as })).status).toBe(
        404,
      )
      expect((await call(gatehouse(), 'GET', `/project/${web.id}`, { as: caller.as })).status).toBe(404)
    }
    expect((await edit({ STAGING: 'DEPLOYER' })).status).toBe(200)
    for (const caller of callers) expect((await deploy(caller.as)).status, caller.label).toBe(201)
  })
})

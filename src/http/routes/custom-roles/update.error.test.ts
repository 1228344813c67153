import { randomUUID } from 'node:crypto'
import { expect, it } from 'vitest'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { createCustomRole, createProject, customRoleBody } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'
import { generateToken } from '../../../core/token.ts'

describeEachDatabase('PUT /organization/{id}/customRole/{id}: errors', (gatehouse) => {
  it('refuses what cannot mean one thing with a 400 naming the field, and changes nothing', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const web = await createProject(gatehouse(), org, { name: 'web' })
    const elsewhere = await createProject(
      gatehouse(),
      await createOrganization(gatehouse(), await signUpAndLogIn(gatehouse())),
    )
    const role = await createCustomRole(gatehouse(), org, {
      name: 'ci',
      projects: [{ project_id: web.id, permissions: { STAGING: 'VIEWER' } }],
    })
    const path = `/organization/${org.id}/customRole/${role.id}`
    const valid = customRoleBody('ci', [{ project_id: web.id, permissions: { STAGING: 'DEPLOYER' } }])
    const entry = valid.project_permissions[0] as (typeof valid.project_permissions)[number]
    const cases: [string, unknown, string][] = [
      [
        'a cluster permission',
        { ...valid, cluster_permissions: [{ cluster_id: randomUUID(), permission: 'ADMIN' }] },
        'body.cluster_permissions',
      ],
      ['no cluster_permissions', { name: 'ci', project_permissions: [] }, 'body.cluster_permissions'],
      [
        'a project of another organization',
        customRoleBody('ci', [{ project_id: elsewhere.id }]),
        'body.project_permissions.0.project_id',
      ],
      [
        'an unknown project',
        {
          ...valid,
          project_permissions: [entry, { project_id: randomUUID(), is_admin: false, permissions: [] }],
        },
        'body.project_permissions.1.project_id',
      ],
      [
        'a project twice',
        { ...valid, project_permissions: [entry, entry] },
        'body.project_permissions.1.project_id',
      ],
      [
        'a mode twice',
        {
          ...valid,
          project_permissions: [
            {
              ...entry,
              permissions: [...entry.permissions, { environment_type: 'STAGING', permission: 'VIEWER' }],
            },
          ],
        },
        'body.project_permissions.0.permissions.1.environment_type',
      ],
      [
        'an unknown level',
        {
          ...valid,
          project_permissions: [
            { ...entry, permissions: [{ environment_type: 'STAGING', permission: 'OWNER' }] },
          ],
        },
        'body.project_permissions.0.permissions.0.permission',
      ],
      [
        'an unknown mode',
        {
          ...valid,
          project_permissions: [
            { ...entry, permissions: [{ environment_type: 'QA', permission: 'VIEWER' }] },
          ],
        },
        'body.project_permissions.0.permissions.0.environment_type',
      ],
      ['a blank name', { ...valid, name: '  ' }, 'body.name'],
    ]
    const before = await call(gatehouse(), 'GET', path, { as: owner.as })
    for (const [what, body, field] of cases) {
      const res = await call(gatehouse(), 'PUT', path, { as: owner.as, body })
      expectProblem(res, 400)
      expect(
        res.body.errors?.map((e: { field: string }) => e.field),
        what,
      ).toContain(field)
    }
    const secret = await call(gatehouse(), 'PUT', path, {
      as: owner.as,
      body: { ...valid, description: generateToken('api_token') },
    })
    expectProblem(secret, 400)
    expect(secret.body.reason).toBe('secret_in_text')
    expect(await call(gatehouse(), 'GET', path, { as: owner.as })).toMatchObject({
      status: 200,
      body: before.body,
    })
  })

  it('answers 409 name_taken for the name of another role, built-in or custom', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const role = await createCustomRole(gatehouse(), org, { name: 'ci' })
    await createCustomRole(gatehouse(), org, { name: 'deployer' })
    for (const name of ['Deployer', 'admin']) {
      const res = await call(gatehouse(), 'PUT', `/organization/${org.id}/customRole/${role.id}`, {
        as: owner.as,
        body: customRoleBody(name, []),
      })
      expectProblem(res, 409)
      expect(res.body.reason).toBe('name_taken')
    }
  })

  it("answers 404 for a built-in role's id and an unknown one, in the same words", async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    for (const id of [org.roles.viewer, randomUUID()]) {
      for (const method of ['GET', 'PUT', 'DELETE'] as const) {
        const res = await call(gatehouse(), method, `/organization/${org.id}/customRole/${id}`, {
          as: owner.as,
          ...(method === 'PUT' ? { body: customRoleBody('x', []) } : {}),
        })
        expectProblem(res, 404)
        expect(res.body.detail).toBe('Custom role was not found.')
      }
    }
  })
})

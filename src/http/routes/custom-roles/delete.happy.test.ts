import { expect, it } from 'vitest'
import { call, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { auditEvents, createCustomRole, createProject } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('DELETE /organization/{id}/customRole/{id}: happy', (gatehouse) => {
  it('deletes a role nobody holds, with its grants, and records what it granted', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const web = await createProject(gatehouse(), org, { name: 'web' })
    const role = await createCustomRole(gatehouse(), org, {
      projects: [{ project_id: web.id, permissions: { STAGING: 'DEPLOYER' } }],
    })
    const res = await call(gatehouse(), 'DELETE', `/organization/${org.id}/customRole/${role.id}`, {
      as: owner.as,
    })
    expect(res.status, res.text).toBe(204)
    expect(
      (await call(gatehouse(), 'GET', `/organization/${org.id}/customRole/${role.id}`, { as: owner.as }))
        .status,
    ).toBe(404)
    const grants = await gatehouse()
      .deps.db.selectFrom('role_project_permissions')
      .selectAll()
      .where('role_id', '=', role.id)
      .execute()
    expect(grants).toEqual([])
    const [event] = await auditEvents(gatehouse(), org.id, 'role.deleted')
    expect(event).toMatchObject({ target_id: role.id, target_name: role.name })
    expect(event?.details).toEqual({ project_permissions: role.project_permissions })
  })
})

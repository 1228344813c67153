import { expect, it } from 'vitest'
import { call } from '../../../../test/support/api.ts'
import { createTeam } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'
import { builtInRoleNames, describeRole } from '../../../core/permissions.ts'

describeEachDatabase('GET /organization/{id}/availableRole: happy', (gatehouse) => {
  it('lists the five built-in roles, owner first, with the permissions of the matrix', async () => {
    const team = await createTeam(gatehouse())
    const res = await call(gatehouse(), 'GET', `/organization/${team.org.id}/availableRole`, {
      as: team.users.owner.as,
    })
    expect(res.status).toBe(200)
    expect(res.body.results.map((r: { name: string }) => r.name)).toEqual([
      'owner',
      'admin',
      'devops',
      'billing',
      'viewer',
    ])
    for (const role of res.body.results) {
      expect(Object.keys(role).sort()).toEqual(['description', 'id', 'kind', 'name', 'permissions'])
      expect(role.kind).toBe('built_in')
      expect(role.description).toMatch(/^[A-Z].*\.$/)
      expect(role.id).toBe(team.org.roles[role.name as (typeof builtInRoleNames)[number]])
      expect(role.permissions).toEqual(describeRole(role.name))
    }
    // Spot checks against the contract's table, so a wrong matrix cannot agree with itself.
    const byName = Object.fromEntries(res.body.results.map((r: { name: string }) => [r.name, r]))
    expect(byName.owner.permissions).toContain('organization:delete')
    expect(byName.admin.permissions).not.toContain('organization:delete')
    expect(byName.devops.permissions).toContain('api_tokens:manage')
    expect(byName.billing.permissions).toEqual(['organization:read'])
    expect(byName.viewer.permissions).toEqual(['organization:read', 'projects:read'])
  })

  it('answers every member and every token of the organization', async () => {
    const team = await createTeam(gatehouse())
    for (const caller of team.callers) {
      const res = await call(gatehouse(), 'GET', `/organization/${team.org.id}/availableRole`, {
        as: caller.as,
      })
      expect(res.status, caller.label).toBe(200)
      expect(res.body.results).toHaveLength(builtInRoleNames.length)
    }
  })
})

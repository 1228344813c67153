import { describe, expect, it } from 'vitest'
import { emptyRow, gridOf, projectPermissionsOf, summaryOf } from './grants.ts'

const WEB = '11111111-1111-4111-8111-111111111111'
const API = '22222222-2222-4222-8222-222222222222'

const role = {
  id: '33333333-3333-4333-8333-333333333333',
  name: 'web-staging-deployer',
  description: '',
  cluster_permissions: [],
  project_permissions: [
    {
      project_id: WEB,
      project_name: 'web',
      is_admin: false,
      permissions: [
        { environment_type: 'PREVIEW' as const, permission: 'VIEWER' as const },
        { environment_type: 'STAGING' as const, permission: 'DEPLOYER' as const },
      ],
    },
    { project_id: API, project_name: 'api', is_admin: true, permissions: [] },
  ],
}

describe('the role editor grid', () => {
  it('reads a role: modes it does not list are NO_ACCESS', () => {
    const grid = gridOf(role)
    expect(grid[WEB]).toEqual({
      isAdmin: false,
      modes: { DEVELOPMENT: 'NO_ACCESS', PREVIEW: 'VIEWER', STAGING: 'DEPLOYER', PRODUCTION: 'NO_ACCESS' },
    })
    expect(grid[API]?.isAdmin).toBe(true)
  })

  it('sends every mode of the projects the role reaches, and leaves out rows that grant nothing', () => {
    const grid = { ...gridOf(role), '44444444-4444-4444-8444-444444444444': emptyRow() }
    const { projectIds, body } = projectPermissionsOf(grid)
    expect(projectIds).toEqual([WEB, API])
    expect(body[0]).toEqual({
      project_id: WEB,
      is_admin: false,
      permissions: [
        { environment_type: 'DEVELOPMENT', permission: 'NO_ACCESS' },
        { environment_type: 'PREVIEW', permission: 'VIEWER' },
        { environment_type: 'STAGING', permission: 'DEPLOYER' },
        { environment_type: 'PRODUCTION', permission: 'NO_ACCESS' },
      ],
    })
    expect(body[1]?.is_admin).toBe(true)
  })

  it('keeps an admin row even when all its own levels are NO_ACCESS', () => {
    const { projectIds } = projectPermissionsOf({ [API]: { ...emptyRow(), isAdmin: true } })
    expect(projectIds).toEqual([API])
  })

  it('sums a role up in words for its card', () => {
    expect(summaryOf(role)).toBe('web: Preview viewer, Staging deployer; api: admin')
    expect(summaryOf({ ...role, project_permissions: [] })).toBe('No access to any project yet.')
  })
})

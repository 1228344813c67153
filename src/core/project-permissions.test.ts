import { describe, expect, it } from 'vitest'
import { environmentModes } from './environment-modes.ts'
import { isGatehouseError } from './errors.ts'
import { admitOnProject, mayGrantRole, type OrganizationAccess, toPermissionSet } from './permissions.ts'
import {
  atLeast,
  ceilingOf,
  grantAllows,
  grantsWithin,
  isEmptyGrant,
  levelOn,
  type ProjectGrant,
  type ProjectPermissionLevel,
  projectPermissionLevels,
  seesProject,
  visibleModes,
} from './project-permissions.ts'
import { builtInPermissionsOf } from './roles.ts'

const grant = (modes: Partial<Record<string, ProjectPermissionLevel>>, isAdmin = false): ProjectGrant => ({
  isAdmin,
  modes: {
    DEVELOPMENT: modes.DEVELOPMENT ?? 'NO_ACCESS',
    PREVIEW: modes.PREVIEW ?? 'NO_ACCESS',
    STAGING: modes.STAGING ?? 'NO_ACCESS',
    PRODUCTION: modes.PRODUCTION ?? 'NO_ACCESS',
  },
})
const stagingDeployer = grant({ STAGING: 'DEPLOYER', DEVELOPMENT: 'VIEWER' })

describe('levels', () => {
  it('are ordered NO_ACCESS < VIEWER < DEPLOYER < MANAGER, each including those below', () => {
    for (const [i, low] of projectPermissionLevels.entries()) {
      for (const [j, high] of projectPermissionLevels.entries()) expect(atLeast(high, low)).toBe(j >= i)
    }
  })

  it('read NO_ACCESS for no grant, and MANAGER everywhere for an admin grant', () => {
    for (const mode of environmentModes) {
      expect(levelOn(undefined, mode)).toBe('NO_ACCESS')
      expect(levelOn(grant({}, true), mode)).toBe('MANAGER')
    }
    expect(levelOn(stagingDeployer, 'STAGING')).toBe('DEPLOYER')
    expect(levelOn(stagingDeployer, 'PRODUCTION')).toBe('NO_ACCESS')
  })
})

describe('visibility', () => {
  it('sees a project with VIEWER or more on any mode, or admin, and only the modes it may read', () => {
    expect(seesProject(undefined)).toBe(false)
    expect(seesProject(grant({}))).toBe(false)
    expect(seesProject(grant({ PRODUCTION: 'VIEWER' }))).toBe(true)
    expect(seesProject(grant({}, true))).toBe(true)
    expect(visibleModes(stagingDeployer)).toEqual(['DEVELOPMENT', 'STAGING'])
    expect(visibleModes(grant({}, true))).toEqual([...environmentModes])
    expect(visibleModes(undefined)).toEqual([])
  })
})

describe('grantAllows', () => {
  it('asks VIEWER to read, DEPLOYER to deploy and MANAGER to write, on every mode touched', () => {
    expect(grantAllows(stagingDeployer, 'projects:read', ['STAGING'])).toBe(true)
    expect(grantAllows(stagingDeployer, 'deployments:create', ['STAGING'])).toBe(true)
    expect(grantAllows(stagingDeployer, 'deployments:create', ['DEVELOPMENT'])).toBe(false)
    expect(grantAllows(stagingDeployer, 'projects:write', ['STAGING'])).toBe(false)
    const manager = grant({ STAGING: 'MANAGER' })
    expect(grantAllows(manager, 'projects:write', ['STAGING'])).toBe(true)
    // Moving an environment from STAGING to PRODUCTION needs MANAGER on both.
    expect(grantAllows(manager, 'projects:write', ['STAGING', 'PRODUCTION'])).toBe(false)
  })

  it('on the project itself: reading needs it visible, editing or deleting needs is_admin', () => {
    expect(grantAllows(stagingDeployer, 'projects:read', [])).toBe(true)
    expect(grantAllows(grant({ STAGING: 'MANAGER', PRODUCTION: 'MANAGER' }), 'projects:write', [])).toBe(
      false,
    )
    expect(grantAllows(grant({}, true), 'projects:write', [])).toBe(true)
    expect(grantAllows(undefined, 'projects:read', [])).toBe(false)
  })

  it('never allows what custom roles cannot do, whatever the grant', () => {
    for (const action of ['api_tokens:manage', 'members:manage', 'audit:read', 'projects:create'] as const)
      expect(grantAllows(grant({}, true), action, ['STAGING'])).toBe(false)
  })
})

describe('admitOnProject', () => {
  const access = (projects?: Map<string, ProjectGrant>): OrganizationAccess => ({
    organizationId: 'org',
    roleId: 'role',
    roleName: 'ci',
    permissions: toPermissionSet(
      projects ? ceilingOf(projects.values()) : ['organization:read', 'projects:read'],
    ),
    projects,
  })
  const refusal = (run: () => unknown) => {
    try {
      run()
    } catch (error) {
      if (isGatehouseError(error)) return { reason: error.reason, message: error.message }
    }
    throw new Error('not refused')
  }
  const scoped = access(new Map([['web', stagingDeployer]]))

  it('hides what a custom role cannot see as not found, in the words of what was addressed', () => {
    expect(refusal(() => admitOnProject(scoped, 'projects:read', { projectId: 'api' }, 'Project'))).toEqual({
      reason: 'not_found',
      message: 'Project was not found.',
    })
    const production = { projectId: 'web', environmentMode: 'PRODUCTION' as const }
    for (const action of ['projects:read', 'deployments:create', 'projects:write'] as const)
      expect(refusal(() => admitOnProject(scoped, action, production, 'Environment')).reason).toBe(
        'not_found',
      )
  })

  it('refuses with 403, naming the level needed, what it sees but may not do', () => {
    const staging = { projectId: 'web', environmentMode: 'STAGING' as const }
    expect(admitOnProject(scoped, 'deployments:create', staging, 'Environment')).toBe(scoped)
    expect(refusal(() => admitOnProject(scoped, 'projects:write', staging, 'Environment'))).toEqual({
      reason: 'permission_denied',
      message:
        'The role "ci" does not allow creating, editing or deleting STAGING environments of this project (that needs MANAGER).',
    })
    expect(refusal(() => admitOnProject(scoped, 'projects:write', { projectId: 'web' }, 'Project'))).toEqual({
      reason: 'permission_denied',
      message: 'The role "ci" does not allow editing or deleting this project (that needs is_admin on it).',
    })
    const developmentDeploy = { projectId: 'web', environmentMode: 'DEVELOPMENT' as const }
    expect(
      refusal(() => admitOnProject(scoped, 'deployments:create', developmentDeploy, 'Environment')),
    ).toEqual({
      reason: 'permission_denied',
      message:
        'The role "ci" does not allow deploying DEVELOPMENT environments of this project (that needs DEPLOYER).',
    })
  })

  it('lets a built-in role decide by its permissions in every project, seen or not', () => {
    const viewer = access()
    expect(
      admitOnProject(viewer, 'projects:read', { projectId: 'any', environmentMode: 'PRODUCTION' }, 'E'),
    ).toBe(viewer)
    expect(
      refusal(() => admitOnProject(viewer, 'deployments:create', { projectId: 'any' }, 'E')).reason,
    ).toBe('permission_denied')
    expect(
      refusal(() => admitOnProject(undefined, 'projects:read', { projectId: 'any' }, 'Project')).message,
    ).toBe('Project was not found.')
  })
})

describe('ceilingOf and mayGrantRole (no escalation)', () => {
  it('amounts to reading for an empty role, and adds writing and deploying as grants reach them', () => {
    expect(ceilingOf([])).toEqual(['organization:read', 'projects:read'])
    expect(ceilingOf([stagingDeployer])).toEqual(['organization:read', 'projects:read', 'deployments:create'])
    expect(ceilingOf([grant({}, true)])).toEqual([
      'organization:read',
      'projects:read',
      'projects:write',
      'deployments:create',
    ])
  })

  const custom = (projects: Map<string, ProjectGrant>) => ({
    permissions: toPermissionSet(ceilingOf(projects.values())),
    projects,
  })
  const builtIn = (name: 'owner' | 'admin' | 'devops' | 'viewer' | 'billing') => ({
    permissions: builtInPermissionsOf(name),
  })

  it('lets devops, admin and owner give any custom role; viewer and billing none that deploys or writes', () => {
    const deployer = custom(new Map([['web', stagingDeployer]]))
    const admin = custom(new Map([['web', grant({}, true)]]))
    for (const granter of ['owner', 'admin', 'devops'] as const) {
      expect(mayGrantRole(builtIn(granter), deployer)).toBe(true)
      expect(mayGrantRole(builtIn(granter), admin)).toBe(true)
    }
    expect(mayGrantRole(builtIn('viewer'), deployer)).toBe(false)
    expect(mayGrantRole(builtIn('viewer'), custom(new Map([['web', grant({ STAGING: 'VIEWER' })]])))).toBe(
      true,
    )
    expect(mayGrantRole(builtIn('billing'), custom(new Map()))).toBe(false)
  })

  it('lets a custom role give only what it holds, project by project and mode by mode', () => {
    const mine = custom(new Map([['web', stagingDeployer]]))
    expect(mayGrantRole(mine, custom(new Map([['web', grant({ STAGING: 'VIEWER' })]])))).toBe(true)
    expect(mayGrantRole(mine, custom(new Map([['web', grant({ STAGING: 'MANAGER' })]])))).toBe(false)
    expect(mayGrantRole(mine, custom(new Map([['api', grant({ STAGING: 'VIEWER' })]])))).toBe(false)
    expect(mayGrantRole(mine, custom(new Map([['web', grant({}, true)]])))).toBe(false)
    // A built-in role reads every project: more than a role scoped to one.
    expect(mayGrantRole(mine, builtIn('viewer'))).toBe(false)
    expect(mayGrantRole(mine, builtIn('billing'))).toBe(true)
  })

  it('compares grants with admin meaning MANAGER everywhere', () => {
    const admin = new Map([['web', grant({}, true)]])
    expect(grantsWithin(admin, new Map([['web', grant({ PRODUCTION: 'MANAGER' })]]))).toBe(true)
    expect(grantsWithin(new Map([['web', grant({ PRODUCTION: 'MANAGER' })]]), admin)).toBe(false)
  })

  it('knows a grant of nothing when it sees one', () => {
    expect(isEmptyGrant(grant({}))).toBe(true)
    expect(isEmptyGrant(grant({}, true))).toBe(false)
    expect(isEmptyGrant(grant({ PREVIEW: 'VIEWER' }))).toBe(false)
  })
})

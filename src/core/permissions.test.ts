import { describe, expect, it } from 'vitest'
import { isGatehouseError } from './errors.ts'
import {
  type Action,
  actions,
  admit,
  can,
  describeAction,
  isOwnerRole,
  listPermissions,
  mayGrant,
  type OrganizationAccess,
  toPermissionSet,
} from './permissions.ts'

const set = (...names: Action[]) => new Set<Action>(names)
const access = (...names: Action[]): OrganizationAccess => ({
  organizationId: 'org',
  roleId: 'role',
  roleName: 'custom role',
  permissions: set(...names),
})

describe('can', () => {
  it('allows exactly the actions in the set', () => {
    const permissions = set('projects:read', 'audit:read')
    for (const action of actions) {
      expect(can(permissions, action)).toBe(action === 'projects:read' || action === 'audit:read')
    }
  })

  it('allows nothing with an empty set', () => {
    for (const action of actions) expect(can(set(), action)).toBe(false)
  })
})

describe('mayGrant', () => {
  it('lets a set grant itself, its subsets and the empty set', () => {
    const mine = set('organization:read', 'projects:read', 'projects:write')
    expect(mayGrant(mine, mine)).toBe(true)
    expect(mayGrant(mine, set('projects:read'))).toBe(true)
    expect(mayGrant(mine, set())).toBe(true)
  })

  it('refuses a set holding a single action beyond the granter, wherever it sits', () => {
    const mine = set('organization:read', 'projects:read')
    expect(mayGrant(mine, set('organization:read', 'projects:read', 'projects:write'))).toBe(false)
    expect(mayGrant(mine, set('audit:read'))).toBe(false)
    expect(mayGrant(set(), set('organization:read'))).toBe(false)
  })

  it('is not symmetric: incomparable sets grant each other nothing', () => {
    expect(mayGrant(set('audit:read'), set('projects:read'))).toBe(false)
    expect(mayGrant(set('projects:read'), set('audit:read'))).toBe(false)
  })
})

describe('isOwnerRole', () => {
  it('is the role that may transfer ownership, and only that', () => {
    expect(isOwnerRole(set('organization:transfer_ownership'))).toBe(true)
    expect(isOwnerRole(new Set(actions))).toBe(true)
    const allButTransfer = actions.filter((action) => action !== 'organization:transfer_ownership')
    expect(isOwnerRole(new Set(allButTransfer))).toBe(false)
    expect(isOwnerRole(set())).toBe(false)
  })
})

describe('toPermissionSet and listPermissions', () => {
  it('keeps known names, drops unknown ones, and lists in the catalogue order', () => {
    const permissions = toPermissionSet(['projects:write', 'superpower', 'organization:read'])
    expect([...permissions].sort()).toEqual(['organization:read', 'projects:write'])
    expect(listPermissions(permissions)).toEqual(['organization:read', 'projects:write'])
    expect(listPermissions(new Set(actions))).toEqual([...actions])
    expect(listPermissions(set())).toEqual([])
  })
})

describe('admit', () => {
  it('answers not found when the caller has no access at all', () => {
    let error: unknown
    try {
      admit(undefined, 'organization:read')
    } catch (caught) {
      error = caught
    }
    expect(isGatehouseError(error, 'not_found')).toBe(true)
    expect((error as Error).message).toBe('Organization was not found.')
  })

  it('answers permission denied, naming the role and the action, when the set lacks the action', () => {
    let error: unknown
    try {
      admit(access('organization:read'), 'projects:write')
    } catch (caught) {
      error = caught
    }
    expect(isGatehouseError(error, 'permission_denied')).toBe(true)
    expect((error as Error).message).toBe(
      'The role "custom role" does not allow editing or deleting projects and environments.',
    )
  })

  it('returns the access when the set holds the action', () => {
    const granted = access('projects:write')
    expect(admit(granted, 'projects:write')).toBe(granted)
  })

  it('words every action', () => {
    for (const action of actions) expect(describeAction(action)).toMatch(/^[a-z]/)
  })
})

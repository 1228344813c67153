import { describe, expect, it } from 'vitest'
import { actions, isOwnerRole, listPermissions, mayGrant } from './permissions.ts'
import {
  builtInDescriptionOf,
  builtInPermissionsOf,
  builtInRoleNames,
  builtInRoleOfLegacy,
  builtInRoles,
  compareRoles,
  DEFAULT_TOKEN_ROLE,
  describeRole,
  FORMER_OWNER_ROLE,
  OWNER_ROLE,
} from './roles.ts'

const p = builtInPermissionsOf

describe('built-in roles', () => {
  it('are the five of the contract, most powerful first, each described in one sentence', () => {
    expect(builtInRoleNames).toEqual(['owner', 'admin', 'devops', 'billing', 'viewer'])
    for (const role of builtInRoles) expect(role.description).toMatch(/^[A-Z][^.]*\.$/)
  })

  it('list their permissions in the catalogue order, the owner holding all of them', () => {
    for (const role of builtInRoles)
      expect(role.permissions).toEqual(listPermissions(new Set(role.permissions)))
    expect(describeRole('owner')).toEqual([...actions])
    expect(describeRole('billing')).toEqual(['organization:read'])
    expect(describeRole('viewer')).toEqual(['organization:read', 'projects:read'])
  })

  it('give unknown names no permission', () => {
    expect(describeRole('superuser')).toEqual([])
  })

  it('are ordered by power: each may grant the ones after it, none the ones before', () => {
    expect(mayGrant(p('owner'), p('admin'))).toBe(true)
    expect(mayGrant(p('admin'), p('devops'))).toBe(true)
    expect(mayGrant(p('devops'), p('viewer'))).toBe(true)
    expect(mayGrant(p('devops'), p('billing'))).toBe(true)
    expect(mayGrant(p('viewer'), p('billing'))).toBe(true)
    expect(mayGrant(p('admin'), p('owner'))).toBe(false)
    expect(mayGrant(p('devops'), p('admin'))).toBe(false)
    expect(mayGrant(p('viewer'), p('devops'))).toBe(false)
    expect(mayGrant(p('billing'), p('viewer'))).toBe(false)
    for (const name of builtInRoleNames) {
      expect(mayGrant(p(name), p(name))).toBe(true)
      expect(mayGrant(p('owner'), p(name))).toBe(true)
    }
  })

  it('make the owner the only owner role, and the roles named for defaults lesser ones', () => {
    for (const name of builtInRoleNames) expect(isOwnerRole(p(name))).toBe(name === OWNER_ROLE)
    expect(isOwnerRole(p(DEFAULT_TOKEN_ROLE))).toBe(false)
    expect(isOwnerRole(p(FORMER_OWNER_ROLE))).toBe(false)
  })

  it('sort built-in roles by rank, then custom roles by name', () => {
    const roles = [
      { name: 'zeta', kind: 'custom' as const },
      { name: 'viewer', kind: 'built_in' as const },
      { name: 'alpha', kind: 'custom' as const },
      { name: 'owner', kind: 'built_in' as const },
      { name: 'admin', kind: 'custom' as const },
    ]
    expect(roles.sort(compareRoles).map((role) => `${role.kind}:${role.name}`)).toEqual([
      'built_in:owner',
      'built_in:viewer',
      'custom:admin',
      'custom:alpha',
      'custom:zeta',
    ])
  })

  it('describes each built-in role in one sentence, and no other role', () => {
    for (const role of builtInRoles) expect(builtInDescriptionOf(role.name)).toBe(role.description)
    expect(builtInDescriptionOf('viewer')).toMatch(/^[A-Z].*\.$/)
    expect(builtInDescriptionOf('deployers')).toBe('')
  })

  it("reads Qovery's deprecated role enum as the built-in role it means", () => {
    expect(builtInRoleOfLegacy).toEqual({
      OWNER: 'owner',
      ADMIN: 'admin',
      DEVELOPER: 'devops',
      VIEWER: 'viewer',
    })
    for (const name of Object.values(builtInRoleOfLegacy)) expect(builtInRoleNames).toContain(name)
  })
})

import { describe, expect, it } from 'vitest'
import type { Action } from './permissions.ts'
import { legacyRoleOf } from './qovery.ts'
import { builtInPermissionsOf } from './roles.ts'

describe("Qovery's legacy role", () => {
  it('maps the built-in roles to the nearest legacy one', () => {
    expect(legacyRoleOf(builtInPermissionsOf('owner'))).toBe('OWNER')
    expect(legacyRoleOf(builtInPermissionsOf('admin'))).toBe('ADMIN')
    expect(legacyRoleOf(builtInPermissionsOf('devops'))).toBe('DEVELOPER')
    expect(legacyRoleOf(builtInPermissionsOf('viewer'))).toBe('VIEWER')
    expect(legacyRoleOf(builtInPermissionsOf('billing'))).toBe('VIEWER')
  })

  it("is decided by a custom role's strongest power alone", () => {
    const of = (...actions: Action[]) => legacyRoleOf(actions)
    expect(of('organization:transfer_ownership')).toBe('OWNER')
    expect(of('members:manage')).toBe('ADMIN')
    expect(of('members:manage', 'projects:write')).toBe('ADMIN')
    expect(of('projects:write')).toBe('DEVELOPER')
    expect(of('projects:read', 'projects:create', 'audit:read', 'api_tokens:manage')).toBe('VIEWER')
    expect(of()).toBe('VIEWER')
  })
})

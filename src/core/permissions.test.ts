import { describe, expect, it } from 'vitest'
import { actions, builtInRoleNames, can, describeRole, isAssignableToToken, mayGrant } from './permissions.ts'

describe('permissions', () => {
  it('orders the built-in roles by power: each may grant the ones after it, none the ones before', () => {
    // billing and viewer are incomparable except through read; check the chain the contract implies.
    expect(mayGrant('owner', 'admin')).toBe(true)
    expect(mayGrant('admin', 'devops')).toBe(true)
    expect(mayGrant('devops', 'viewer')).toBe(true)
    expect(mayGrant('devops', 'billing')).toBe(true)
    expect(mayGrant('admin', 'owner')).toBe(false)
    expect(mayGrant('devops', 'admin')).toBe(false)
    expect(mayGrant('viewer', 'devops')).toBe(false)
    expect(mayGrant('billing', 'viewer')).toBe(false)
    expect(mayGrant('viewer', 'billing')).toBe(true)
  })

  it('lets every role grant itself and nothing grant more than the owner has', () => {
    for (const role of builtInRoleNames) {
      expect(mayGrant(role, role)).toBe(true)
      expect(mayGrant('owner', role)).toBe(true)
    }
  })

  it('gives unknown roles no permission at all', () => {
    for (const action of actions) expect(can('superuser', action)).toBe(false)
    expect(describeRole('superuser')).toEqual([])
    expect(mayGrant('superuser', 'viewer')).toBe(false)
  })

  it('never lets a token be owner', () => {
    expect(isAssignableToToken('owner')).toBe(false)
    for (const role of ['admin', 'devops', 'billing', 'viewer']) expect(isAssignableToToken(role)).toBe(true)
  })
})

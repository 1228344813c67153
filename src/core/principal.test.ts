import { describe, expect, it } from 'vitest'
import { actorOf, type Principal } from './principal.ts'

describe('actorOf', () => {
  it('names a user by their user id and name', () => {
    const user: Principal = {
      kind: 'user',
      userId: 'user-1',
      sessionId: 'session-1',
      email: 'ada@example.com',
      name: 'Ada',
      via: 'bearer',
    }
    expect(actorOf(user)).toEqual({ type: 'user', id: 'user-1', name: 'Ada' })
  })

  it('names an API token by its token id and name, not its organization or role', () => {
    const token: Principal = {
      kind: 'api_token',
      tokenId: 'token-1',
      name: 'deploy bot',
      organizationId: 'org-1',
      roleId: 'role-1',
      roleName: 'devops',
      permissions: new Set(['projects:read']),
    }
    expect(actorOf(token)).toEqual({ type: 'api_token', id: 'token-1', name: 'deploy bot' })
  })
})

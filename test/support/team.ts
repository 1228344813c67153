import type { BuiltInRoleName } from '../../src/core/permissions.ts'
import {
  addMember,
  createApiToken,
  createOrganization,
  signUpAndLogIn,
  type TestOrganization,
  type TestUser,
} from './api.ts'
import type { TestGatehouse } from './harness.ts'

export type TokenRole = Exclude<BuiltInRoleName, 'owner'>
export const tokenRoles: TokenRole[] = ['admin', 'devops', 'billing', 'viewer']

/** Someone who can call the API: a member signed in as a user, or an API token. */
export interface Caller {
  label: string
  role: BuiltInRoleName
  kind: 'user' | 'api_token'
  as: { session: string } | { token: string }
}

/** An organization with a member of every role and a token of every role that a token may hold. */
export interface Team {
  org: TestOrganization
  users: Record<BuiltInRoleName, TestUser>
  tokens: Record<TokenRole, { id: string; token: string; name: string; as: { token: string } }>
  /** Every member and every token, for role matrices. */
  callers: Caller[]
}

export async function createTeam(gatehouse: TestGatehouse): Promise<Team> {
  const owner = await signUpAndLogIn(gatehouse, 'Team Owner')
  const org = await createOrganization(gatehouse, owner)
  const users = { owner } as Record<BuiltInRoleName, TestUser>
  const tokens = {} as Team['tokens']
  for (const role of tokenRoles) {
    users[role] = await addMember(gatehouse, org, role)
    tokens[role] = await createApiToken(gatehouse, org, role)
  }
  const callers: Caller[] = [
    ...(Object.entries(users) as [BuiltInRoleName, TestUser][]).map(([role, user]) => ({
      label: `${role} user`,
      role,
      kind: 'user' as const,
      as: user.as,
    })),
    ...tokenRoles.map((role) => ({
      label: `${role} token`,
      role,
      kind: 'api_token' as const,
      as: tokens[role].as,
    })),
  ]
  return { org, users, tokens, callers }
}

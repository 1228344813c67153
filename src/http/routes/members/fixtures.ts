import { expect } from 'vitest'
import {
  addMember,
  type Credential,
  call,
  createOrganization,
  signUpAndLogIn,
  type TestOrganization,
  type TestUser,
} from '../../../../test/support/api.ts'
import type { TestGatehouse } from '../../../../test/support/harness.ts'
import type { BuiltInRoleName } from '../../../core/permissions.ts'

/** Test helpers shared by the member and invitation route tests. */

/** A member's role name read straight from the database, or undefined when not a member. */
export async function roleInDatabase(
  gatehouse: TestGatehouse,
  organizationId: string,
  userId: string,
): Promise<string | undefined> {
  const row = await gatehouse.deps.db
    .selectFrom('memberships')
    .innerJoin('roles', 'roles.id', 'memberships.role_id')
    .select('roles.name')
    .where('memberships.organization_id', '=', organizationId)
    .where('memberships.user_id', '=', userId)
    .executeTakeFirst()
  return row?.name
}

export async function auditEvents(gatehouse: TestGatehouse, organizationId: string, action: string) {
  return gatehouse.deps.db
    .selectFrom('audit_events')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('action', '=', action)
    .execute()
}

export async function invitationRows(gatehouse: TestGatehouse, organizationId: string) {
  return gatehouse.deps.db
    .selectFrom('invitations')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .execute()
}

/** Invites `email` with `role` (by default as the owner) and checks it worked. */
export async function invite(
  gatehouse: TestGatehouse,
  organization: TestOrganization,
  email: string,
  role: Exclude<BuiltInRoleName, 'owner'> = 'viewer',
  as: Credential = organization.owner.as,
) {
  const created = await call(gatehouse, 'POST', `/organization/${organization.id}/inviteMember`, {
    as,
    body: { email, role_id: organization.roles[role] },
  })
  expect(created.status).toBe(201)
  return created.body as { id: string; email: string; role_id: string; invitation_link: string }
}

/** An organization with one member of every role but owner, and an unrelated user. */
export async function organizationWithEveryRole(gatehouse: TestGatehouse) {
  const owner = await signUpAndLogIn(gatehouse, 'Olive Owner')
  const org = await createOrganization(gatehouse, owner)
  const members: Record<BuiltInRoleName, TestUser> = {
    owner,
    admin: await addMember(gatehouse, org, 'admin', 'Ada Admin'),
    devops: await addMember(gatehouse, org, 'devops', 'Dev Ops'),
    billing: await addMember(gatehouse, org, 'billing', 'Bill Ing'),
    viewer: await addMember(gatehouse, org, 'viewer', 'Vi Ewer'),
  }
  return { org, members }
}

export const everyRole = ['owner', 'admin', 'devops', 'billing', 'viewer'] as const

import type { Kysely } from 'kysely'
import { notFound, permissionDenied } from '../core/errors.ts'
import { type Action, can } from '../core/permissions.ts'
import type { Principal } from '../core/principal.ts'
import type { Database } from '../store/schema.ts'

export interface OrganizationAccess {
  organizationId: string
  roleId: string
  roleName: string
}

/**
 * The one gate every organization-scoped use case passes. An organization the caller cannot see
 * answers "not found" (no existence leak); one it can see but whose role forbids the action
 * answers "forbidden".
 */
export async function authorize(
  db: Kysely<Database>,
  principal: Principal,
  organizationId: string,
  action: Action,
): Promise<OrganizationAccess> {
  const access = await accessTo(db, principal, organizationId)
  if (!access) throw notFound('Organization')
  if (!can(access.roleName, action)) {
    throw permissionDenied(`The role "${access.roleName}" does not allow ${describeAction(action)}.`)
  }
  return access
}

/**
 * `authorize` again inside a transaction, after locking the organization row, so that a role
 * change, removal or deletion committed meanwhile is seen: a member demoted at the same moment
 * cannot still act with the old role. Member changes lock for 'update' and run one at a time;
 * creations lock for 'share', run side by side, and wait for member changes.
 */
export async function authorizeInTransaction(
  trx: Kysely<Database>,
  principal: Principal,
  organizationId: string,
  action: Action,
  lock: 'update' | 'share',
): Promise<OrganizationAccess> {
  const query = trx.selectFrom('organizations').select('id').where('id', '=', organizationId)
  await (lock === 'update' ? query.forUpdate() : query.forShare()).execute()
  return authorize(trx, principal, organizationId, action)
}

/** The caller's role in an organization, or undefined when it is not theirs to see. */
export async function accessTo(
  db: Kysely<Database>,
  principal: Principal,
  organizationId: string,
): Promise<OrganizationAccess | undefined> {
  if (principal.kind === 'api_token') {
    if (principal.organizationId !== organizationId) return undefined
    return { organizationId, roleId: principal.roleId, roleName: principal.roleName }
  }
  const row = await db
    .selectFrom('memberships')
    .innerJoin('roles', 'roles.id', 'memberships.role_id')
    .select(['memberships.role_id', 'roles.name as role_name'])
    .where('memberships.organization_id', '=', organizationId)
    .where('memberships.user_id', '=', principal.userId)
    .executeTakeFirst()
  return row ? { organizationId, roleId: row.role_id, roleName: row.role_name } : undefined
}

const actionWords: Record<Action, string> = {
  'organization:read': 'reading this organization',
  'organization:edit': 'editing this organization',
  'organization:delete': 'deleting this organization',
  'organization:transfer_ownership': 'transferring ownership of this organization',
  'members:manage': 'managing members, invitations and roles',
  'api_tokens:manage': 'managing API tokens',
  'audit:read': 'reading the audit trail',
  'projects:create': 'creating projects',
  'projects:read': 'reading projects and environments',
  'projects:write': 'editing or deleting projects and environments',
}

export function describeAction(action: Action): string {
  return actionWords[action]
}

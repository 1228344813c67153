import type { Kysely } from 'kysely'
import { GatehouseError, notFound, roleEscalation } from '../core/errors.ts'
import type { Page, PageRequest } from '../core/paging.ts'
import {
  isOwnerRole,
  mayGrant,
  type OrganizationAccess,
  type PermissionSet,
  toPermissionSet,
} from '../core/permissions.ts'
import type { RequestContext } from '../core/principal.ts'
import { FORMER_OWNER_ROLE, OWNER_ROLE } from '../core/roles.ts'
import type { Database } from '../store/schema.ts'
import { authorize } from './authorize.ts'
import type { Deps } from './deps.ts'
import { withdrawInvitationsBeyond } from './invitation-senders.ts'
import { readPage } from './paging.ts'
import { findRoleOfOrganization, type Role, refuseRoleEscalation } from './roles.ts'
import { withOrganization } from './write-path.ts'

export interface Member {
  /** The user's id: a member is a user seen from one organization. */
  id: string
  /** When the user joined this organization. */
  created_at: Date
  name: string
  email: string
  role_id: string
  role_name: string
  last_activity_at: Date | null
}

const TRANSFER_HINT = 'use transferOwnership to make someone else the owner'

/** In the order they joined, a page at a time (see readPage). */
export async function listMembers(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  page: PageRequest,
): Promise<Page<Member>> {
  await authorize(deps.db, ctx.principal, organizationId, 'organization:read')
  return readPage(
    membersOf(deps.db, organizationId),
    {
      list: 'members',
      scope: organizationId,
      sortColumn: 'memberships.created_at',
      idColumn: 'memberships.user_id',
      direction: 'asc',
    },
    page,
  )
}

export async function changeMemberRole(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  input: { user_id: string; role_id: string },
): Promise<Member> {
  return withOrganization(
    deps,
    ctx,
    organizationId,
    'members:manage',
    { lock: 'update' },
    async (trx, access) => {
      const role = await findAssignableRole(trx, organizationId, { id: input.role_id })
      const { member: target, permissions } = await findMemberForUpdate(trx, organizationId, input.user_id)
      // Escalation first: an admin touching the owner is refused (403), not told to transfer.
      refuseEscalation(access, target, permissions, role)
      if (isOwnerRole(permissions)) {
        throw new GatehouseError(
          'ownership_transfer_required',
          `The owner's role cannot be changed here: ${TRANSFER_HINT}.`,
        )
      }
      if (target.role_id === role.id) return { value: target, audit: [] }
      await trx
        .updateTable('memberships')
        .set({ role_id: role.id })
        .where('organization_id', '=', organizationId)
        .where('user_id', '=', target.id)
        .execute()
      // A member demoted below what they invited people with can no longer stand behind those.
      const withdrawn = await withdrawInvitationsBeyond(
        trx,
        organizationId,
        target.id,
        role.permissions,
        'sender_role_changed',
      )
      return {
        value: { ...target, role_id: role.id, role_name: role.name },
        audit: [
          {
            action: 'member.role_changed',
            target: { type: 'member', id: target.id, name: target.name },
            details: { from: target.role_name, to: role.name },
          },
          ...withdrawn,
        ],
      }
    },
  )
}

export async function removeMember(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  input: { user_id: string },
): Promise<void> {
  await withOrganization(
    deps,
    ctx,
    organizationId,
    'members:manage',
    { lock: 'update' },
    async (trx, access) => {
      const { member: target, permissions } = await findMemberForUpdate(trx, organizationId, input.user_id)
      refuseEscalation(access, target, permissions)
      if (isOwnerRole(permissions)) {
        throw new GatehouseError(
          'ownership_transfer_required',
          `The owner cannot be removed: transfer ownership first (${TRANSFER_HINT}).`,
        )
      }
      await trx
        .deleteFrom('memberships')
        .where('organization_id', '=', organizationId)
        .where('user_id', '=', target.id)
        .execute()
      // Whoever is removed takes their pending invitations with them.
      const withdrawn = await withdrawInvitationsBeyond(
        trx,
        organizationId,
        target.id,
        undefined,
        'sender_removed',
      )
      return {
        value: undefined,
        audit: [
          {
            action: 'member.removed',
            target: { type: 'member', id: target.id, name: target.name },
            details: { role_name: target.role_name },
          },
          ...withdrawn,
        ],
      }
    },
  )
}

/** The owner hands the organization to another member and becomes an admin, all at once. */
export async function transferOwnership(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  input: { user_id: string },
): Promise<void> {
  await withOrganization(
    deps,
    ctx,
    organizationId,
    'organization:transfer_ownership',
    { lock: 'update' },
    async (trx) => {
      const organization = await trx
        .selectFrom('organizations')
        .select(['owner_id', 'name'])
        .where('id', '=', organizationId)
        .executeTakeFirstOrThrow()
      if (input.user_id === organization.owner_id) {
        throw new GatehouseError('already_owner', 'This user already owns the organization.', {
          fieldErrors: [{ field: 'body.user_id', message: 'must be a member other than the current owner' }],
        })
      }
      const { member: target } = await findMemberForUpdate(trx, organizationId, input.user_id)
      const ownerRole = await findRoleOfOrganization(trx, organizationId, { builtIn: OWNER_ROLE })
      const formerOwnerRole = await findRoleOfOrganization(trx, organizationId, {
        builtIn: FORMER_OWNER_ROLE,
      })
      await setRole(trx, organizationId, organization.owner_id, formerOwnerRole.id)
      await setRole(trx, organizationId, target.id, ownerRole.id)
      await trx
        .updateTable('organizations')
        .set({ owner_id: target.id, updated_at: deps.now() })
        .where('id', '=', organizationId)
        .execute()
      return {
        value: undefined,
        audit: {
          action: 'organization.ownership_transferred',
          target: { type: 'organization', id: organizationId, name: organization.name },
          details: { from: organization.owner_id, to: target.id, to_name: target.name },
        },
      }
    },
  )
}

async function setRole(trx: Kysely<Database>, organizationId: string, userId: string, roleId: string) {
  await trx
    .updateTable('memberships')
    .set({ role_id: roleId })
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .execute()
}

/** No escalation: nobody acts on a member more powerful than themselves, nor grants more than they have. */
function refuseEscalation(
  access: OrganizationAccess,
  target: Member,
  targetPermissions: PermissionSet,
  newRole?: Role,
): void {
  if (!mayGrant(access.permissions, targetPermissions)) {
    throw roleEscalation(
      `Your role "${access.roleName}" cannot manage a member whose role "${target.role_name}" is more powerful.`,
    )
  }
  if (newRole !== undefined) refuseRoleEscalation(access, newRole, 'give')
}

/** A role of this organization that may be handed out by a role change or an invitation. */
export async function findAssignableRole(
  db: Kysely<Database>,
  organizationId: string,
  wanted: Parameters<typeof findRoleOfOrganization>[2],
): Promise<Role> {
  const role = await findRoleOfOrganization(db, organizationId, wanted)
  if (isOwnerRole(role.permissions)) {
    throw new GatehouseError(
      'role_not_assignable',
      `The owner role cannot be given this way: ${TRANSFER_HINT}.`,
      {
        fieldErrors: [
          { field: 'body.role_id', message: `the owner role cannot be given here; ${TRANSFER_HINT}` },
        ],
      },
    )
  }
  return role
}

export function membersOf(db: Kysely<Database>, organizationId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .innerJoin('roles', 'roles.id', 'memberships.role_id')
    .select([
      'users.id',
      'memberships.created_at',
      'users.name',
      'users.email',
      'memberships.role_id',
      'roles.name as role_name',
      'users.last_activity_at',
    ])
    .where('memberships.organization_id', '=', organizationId)
}

export async function findMember(
  db: Kysely<Database>,
  organizationId: string,
  userId: string,
): Promise<Member> {
  const member = await membersOf(db, organizationId).where('users.id', '=', userId).executeTakeFirst()
  if (!member) throw notFound('Member')
  return member
}

/** A member, row locked, with what their role allows (the owner is known by its permissions). */
async function findMemberForUpdate(
  trx: Kysely<Database>,
  organizationId: string,
  userId: string,
): Promise<{ member: Member; permissions: PermissionSet }> {
  const row = await membersOf(trx, organizationId)
    .select('roles.permissions')
    .where('users.id', '=', userId)
    .forUpdate('memberships')
    .executeTakeFirst()
  if (!row) throw notFound('Member')
  const { permissions, ...member } = row
  return { member, permissions: toPermissionSet(permissions) }
}

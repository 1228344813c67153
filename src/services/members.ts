import type { Kysely } from 'kysely'
import { GatehouseError, notFound, roleEscalation } from '../core/errors.ts'
import { mayGrant } from '../core/permissions.ts'
import type { RequestContext } from '../core/principal.ts'
import type { Database } from '../store/schema.ts'
import { recordAudit } from './audit.ts'
import { authorize, authorizeInTransaction, type OrganizationAccess } from './authorize.ts'
import type { Deps } from './deps.ts'
import { findRoleOfOrganization } from './roles.ts'

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

export async function listMembers(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
): Promise<Member[]> {
  await authorize(deps.db, ctx.principal, organizationId, 'organization:read')
  return membersOf(deps.db, organizationId).orderBy('memberships.created_at').orderBy('users.id').execute()
}

export async function changeMemberRole(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  input: { user_id: string; role_id: string },
): Promise<Member> {
  // Refuse strangers and forbidden roles before taking any lock.
  await authorize(deps.db, ctx.principal, organizationId, 'members:manage')
  return deps.db.transaction().execute(async (trx) => {
    const access = await authorizeInTransaction(
      trx,
      ctx.principal,
      organizationId,
      'members:manage',
      'update',
    )
    const role = await findAssignableRole(trx, organizationId, input.role_id)
    const target = await findMemberForUpdate(trx, organizationId, input.user_id)
    // Escalation first: an admin touching the owner is refused (403), not told to transfer.
    refuseEscalation(access, target, role.name)
    if (target.role_name === 'owner') {
      throw new GatehouseError(
        'ownership_transfer_required',
        `The owner's role cannot be changed here: ${TRANSFER_HINT}.`,
      )
    }
    if (target.role_id === role.id) return target
    await trx
      .updateTable('memberships')
      .set({ role_id: role.id })
      .where('organization_id', '=', organizationId)
      .where('user_id', '=', target.id)
      .execute()
    await recordAudit(trx, ctx, {
      organizationId,
      action: 'member.role_changed',
      target: { type: 'member', id: target.id, name: target.name },
      details: { from: target.role_name, to: role.name },
    })
    return { ...target, role_id: role.id, role_name: role.name }
  })
}

export async function removeMember(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  input: { user_id: string },
): Promise<void> {
  await authorize(deps.db, ctx.principal, organizationId, 'members:manage')
  await deps.db.transaction().execute(async (trx) => {
    const access = await authorizeInTransaction(
      trx,
      ctx.principal,
      organizationId,
      'members:manage',
      'update',
    )
    const target = await findMemberForUpdate(trx, organizationId, input.user_id)
    refuseEscalation(access, target)
    if (target.role_name === 'owner') {
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
    await recordAudit(trx, ctx, {
      organizationId,
      action: 'member.removed',
      target: { type: 'member', id: target.id, name: target.name },
      details: { role_name: target.role_name },
    })
  })
}

/** The owner hands the organization to another member and becomes an admin, all at once. */
export async function transferOwnership(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  input: { user_id: string },
): Promise<void> {
  await authorize(deps.db, ctx.principal, organizationId, 'organization:transfer_ownership')
  await deps.db.transaction().execute(async (trx) => {
    await authorizeInTransaction(
      trx,
      ctx.principal,
      organizationId,
      'organization:transfer_ownership',
      'update',
    )
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
    const target = await findMemberForUpdate(trx, organizationId, input.user_id)
    const roles = await trx
      .selectFrom('roles')
      .select(['id', 'name'])
      .where('organization_id', '=', organizationId)
      .where('name', 'in', ['owner', 'admin'])
      .execute()
    const ownerRole = roles.find((role) => role.name === 'owner')
    const adminRole = roles.find((role) => role.name === 'admin')
    if (!ownerRole || !adminRole) throw new Error(`organization ${organizationId} lacks a built-in role`)

    await trx
      .updateTable('memberships')
      .set({ role_id: adminRole.id })
      .where('organization_id', '=', organizationId)
      .where('user_id', '=', organization.owner_id)
      .execute()
    await trx
      .updateTable('memberships')
      .set({ role_id: ownerRole.id })
      .where('organization_id', '=', organizationId)
      .where('user_id', '=', target.id)
      .execute()
    await trx
      .updateTable('organizations')
      .set({ owner_id: target.id, updated_at: deps.now() })
      .where('id', '=', organizationId)
      .execute()
    await recordAudit(trx, ctx, {
      organizationId,
      action: 'organization.ownership_transferred',
      target: { type: 'organization', id: organizationId, name: organization.name },
      details: { from: organization.owner_id, to: target.id, to_name: target.name },
    })
  })
}

/** No escalation: nobody acts on a member more powerful than themselves, nor grants more than they have. */
function refuseEscalation(access: OrganizationAccess, target: Member, newRoleName?: string): void {
  if (!mayGrant(access.roleName, target.role_name)) {
    throw roleEscalation(
      `Your role "${access.roleName}" cannot manage a member whose role "${target.role_name}" is more powerful.`,
    )
  }
  if (newRoleName !== undefined && !mayGrant(access.roleName, newRoleName)) {
    throw roleEscalation(
      `Your role "${access.roleName}" cannot give the more powerful role "${newRoleName}".`,
    )
  }
}

/** A role of this organization that may be handed out by a role change or an invitation. */
export async function findAssignableRole(
  db: Kysely<Database>,
  organizationId: string,
  roleId: string,
): Promise<{ id: string; name: string }> {
  const role = await findRoleOfOrganization(db, organizationId, { id: roleId })
  if (role.name === 'owner') {
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

async function findMemberForUpdate(
  trx: Kysely<Database>,
  organizationId: string,
  userId: string,
): Promise<Member> {
  const member = await membersOf(trx, organizationId)
    .where('users.id', '=', userId)
    .forUpdate('memberships')
    .executeTakeFirst()
  if (!member) throw notFound('Member')
  return member
}

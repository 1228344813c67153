import type { Kysely } from 'kysely'
import { conflict, forbidden, notFound } from '../core/errors.ts'
import { can, mayGrant } from '../core/permissions.ts'
import { actorOf, type RequestContext, type UserPrincipal } from '../core/principal.ts'
import type { Database, InvitationStatus } from '../store/schema.ts'
import { recordAudit } from './audit.ts'
import { accessTo, authorize } from './authorize.ts'
import { isUniqueViolation } from './db-errors.ts'
import type { Deps } from './deps.ts'
import { findAssignableRole, findMember, type Member } from './members.ts'

export interface Invitation {
  id: string
  created_at: Date
  email: string
  role_id: string
  role_name: string
  /** The console page where the invited user reads and accepts the invitation. */
  invitation_link: string
  invitation_status: InvitationStatus
  /** Who invited: a user's name or an API token's name. */
  inviter: string
}

export interface InvitationWithOrganization extends Invitation {
  organization_name: string
}

export async function inviteMember(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  input: { email: string; role_id: string },
): Promise<Invitation> {
  const access = await authorize(deps.db, ctx.principal, organizationId, 'members:manage')
  const role = await findAssignableRole(deps.db, organizationId, input.role_id)
  if (!mayGrant(access.roleName, role.name)) {
    throw forbidden(
      `Your role "${access.roleName}" cannot invite someone with the more powerful role "${role.name}".`,
    )
  }
  const email = input.email.trim()
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const member = await trx
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select('users.id')
        .where('memberships.organization_id', '=', organizationId)
        .where((eb) => eb(eb.fn('lower', ['users.email']), '=', email.toLowerCase()))
        .executeTakeFirst()
      if (member) throw conflict('A member of this organization already has this email.')
      const row = await trx
        .insertInto('invitations')
        .values({
          organization_id: organizationId,
          email,
          role_id: role.id,
          inviter_name: actorOf(ctx.principal).name,
          status: 'PENDING',
        })
        .returning(['id', 'created_at', 'email', 'role_id', 'status', 'inviter_name'])
        .executeTakeFirstOrThrow()
      await recordAudit(trx, ctx, {
        organizationId,
        action: 'member.invited',
        target: { type: 'invitation', id: row.id, name: row.email },
        details: { email: row.email, role_name: role.name },
      })
      return present(deps, organizationId, { ...row, role_name: role.name })
    })
  } catch (error) {
    // The partial unique index on (organization, lower(email)) for pending invitations.
    if (isUniqueViolation(error)) throw conflict('This email already has a pending invitation.')
    throw error
  }
}

export async function listInvitations(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
): Promise<Invitation[]> {
  await authorize(deps.db, ctx.principal, organizationId, 'members:manage')
  const rows = await invitationsOf(deps.db, organizationId)
    .where('invitations.status', '=', 'PENDING')
    .orderBy('invitations.created_at', 'desc')
    .orderBy('invitations.id')
    .execute()
  return rows.map((row) => present(deps, organizationId, row))
}

/**
 * The invited user reads the invitation before accepting it, and so may the organization's member
 * managers. To anyone else it does not exist: an invitation id alone reveals nothing.
 */
export async function getInvitation(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  invitationId: string,
): Promise<InvitationWithOrganization> {
  const row = await invitationsOf(deps.db, organizationId)
    .innerJoin('organizations', 'organizations.id', 'invitations.organization_id')
    .select('organizations.name as organization_name')
    .where('invitations.id', '=', invitationId)
    .executeTakeFirst()
  if (!row) throw notFound('Invitation')
  const principal = ctx.principal
  const isInvitee =
    principal.kind === 'user' && sameEmail(await emailOf(deps.db, principal.userId), row.email)
  if (!isInvitee) {
    const access = await accessTo(deps.db, principal, organizationId)
    if (!access || !can(access.roleName, 'members:manage')) throw notFound('Invitation')
  }
  return { ...present(deps, organizationId, row), organization_name: row.organization_name }
}

/** The signed-in user whose email the invitation names joins with the invitation's role. */
export async function acceptInvitation(
  deps: Deps,
  ctx: RequestContext,
  user: UserPrincipal,
  organizationId: string,
  invitationId: string,
): Promise<Member> {
  return deps.db.transaction().execute(async (trx) => {
    // Locked so that two acceptances of one invitation cannot both go through.
    const invitation = await trx
      .selectFrom('invitations')
      .innerJoin('roles', 'roles.id', 'invitations.role_id')
      .select(['invitations.id', 'invitations.email', 'invitations.role_id', 'roles.name as role_name'])
      .where('invitations.id', '=', invitationId)
      .where('invitations.organization_id', '=', organizationId)
      .where('invitations.status', '=', 'PENDING')
      .forUpdate('invitations')
      .executeTakeFirst()
    if (!invitation) throw notFound('Pending invitation')
    if (!sameEmail(await emailOf(trx, user.userId), invitation.email)) {
      throw forbidden(
        'This invitation was sent to another email address: sign in with the account of that address to accept it.',
      )
    }
    const existing = await trx
      .selectFrom('memberships')
      .select('user_id')
      .where('organization_id', '=', organizationId)
      .where('user_id', '=', user.userId)
      .executeTakeFirst()
    if (existing) throw conflict('You are already a member of this organization.')
    await trx
      .insertInto('memberships')
      .values({ organization_id: organizationId, user_id: user.userId, role_id: invitation.role_id })
      .execute()
    await trx
      .updateTable('invitations')
      .set({ status: 'ACCEPTED', accepted_at: deps.now() })
      .where('id', '=', invitation.id)
      .execute()
    await recordAudit(trx, ctx, {
      organizationId,
      action: 'member.joined',
      target: { type: 'member', id: user.userId, name: user.name },
      details: { invitation_id: invitation.id, role_name: invitation.role_name },
    })
    return findMember(trx, organizationId, user.userId)
  })
}

/** A withdrawn invitation is deleted: it can no longer be listed, read or accepted. */
export async function withdrawInvitation(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  invitationId: string,
): Promise<void> {
  await authorize(deps.db, ctx.principal, organizationId, 'members:manage')
  await deps.db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('invitations')
      .where('id', '=', invitationId)
      .where('organization_id', '=', organizationId)
      .where('status', '=', 'PENDING')
      .returning(['id', 'email'])
      .executeTakeFirst()
    if (!deleted) throw notFound('Pending invitation')
    await recordAudit(trx, ctx, {
      organizationId,
      action: 'invitation.withdrawn',
      target: { type: 'invitation', id: deleted.id, name: deleted.email },
      details: { email: deleted.email },
    })
  })
}

function invitationsOf(db: Kysely<Database>, organizationId: string) {
  return db
    .selectFrom('invitations')
    .innerJoin('roles', 'roles.id', 'invitations.role_id')
    .select([
      'invitations.id',
      'invitations.created_at',
      'invitations.email',
      'invitations.role_id',
      'roles.name as role_name',
      'invitations.status',
      'invitations.inviter_name',
    ])
    .where('invitations.organization_id', '=', organizationId)
}

interface InvitationRow {
  id: string
  created_at: Date
  email: string
  role_id: string
  role_name: string
  status: InvitationStatus
  inviter_name: string
}

function present(deps: Deps, organizationId: string, row: InvitationRow): Invitation {
  return {
    id: row.id,
    created_at: row.created_at,
    email: row.email,
    role_id: row.role_id,
    role_name: row.role_name,
    invitation_link: `${deps.config.publicUrl}/invitations/${organizationId}/${row.id}`,
    invitation_status: row.status,
    inviter: row.inviter_name,
  }
}

/** Read from the database, not the cached principal: the email is what proves who was invited. */
async function emailOf(db: Kysely<Database>, userId: string): Promise<string> {
  const user = await db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirst()
  return user?.email ?? ''
}

function sameEmail(a: string, b: string): boolean {
  return a !== '' && a.trim().toLowerCase() === b.trim().toLowerCase()
}

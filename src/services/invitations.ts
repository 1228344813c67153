import type { Kysely } from 'kysely'
import { GatehouseError, invalidInput, notFound } from '../core/errors.ts'
import type { Page, PageRequest } from '../core/paging.ts'
import { type Action, can, listPermissions, toPermissionSet } from '../core/permissions.ts'
import { actorOf, type Principal, type RequestContext, type UserPrincipal } from '../core/principal.ts'
import type { LegacyRole } from '../core/qovery.ts'
import { builtInRoleOfLegacy } from '../core/roles.ts'
import type { Database, InvitationStatus } from '../store/schema.ts'
import { recordAudit } from './audit.ts'
import { accessTo, authorize } from './authorize.ts'
import { isUniqueViolation } from './db-errors.ts'
import type { Deps } from './deps.ts'
import { mayInviteWith, senderPermissions } from './invitation-senders.ts'
import { findAssignableRole, findMember, type Member } from './members.ts'
import { readPage } from './paging.ts'
import { refuseRoleEscalation } from './roles.ts'
import { withOrganization } from './write-path.ts'

export interface Invitation {
  id: string
  created_at: Date
  email: string
  role_id: string
  role_name: string
  /** What the invitation's role allows (Qovery's legacy role enum is derived from it). */
  role_permissions: Action[]
  /** The console page where the invited user reads and accepts the invitation. */
  invitation_link: string
  invitation_status: InvitationStatus
  /** Who invited: a user's name or an API token's name. */
  inviter: string
  accepted_at: Date | null
}

export interface InvitationWithOrganization extends Invitation {
  organization_name: string
}

export async function inviteMember(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  input: { email: string; role_id?: string | undefined; role?: LegacyRole | undefined },
): Promise<Invitation> {
  const email = input.email.trim()
  return withOrganization(
    deps,
    ctx,
    organizationId,
    'members:manage',
    {
      lock: 'share',
      // The partial unique index on (organization, lower(email)) for pending invitations.
      onDuplicate: () =>
        new GatehouseError('invitation_pending', 'This email already has a pending invitation.'),
    },
    async (trx, access) => {
      const role = await findAssignableRole(trx, organizationId, invitedRoleOf(input))
      refuseRoleEscalation(access, role, 'invite someone with')
      // An expired invitation of the same email must not block a new one (partial unique index).
      await expireStaleInvitations(deps, trx, organizationId)
      const member = await trx
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select('users.id')
        .where('memberships.organization_id', '=', organizationId)
        .where((eb) => eb(eb.fn('lower', ['users.email']), '=', email.toLowerCase()))
        .executeTakeFirst()
      if (member)
        throw new GatehouseError('email_taken', 'A member of this organization already has this email.')
      const actor = actorOf(ctx.principal)
      const row = await trx
        .insertInto('invitations')
        .values({
          organization_id: organizationId,
          email,
          role_id: role.id,
          inviter_name: actor.name,
          // Acceptance checks the sender again (invitation-senders.ts).
          inviter_type: actor.type,
          inviter_id: actor.id,
          status: 'PENDING',
        })
        .returning(['id', 'created_at', 'email', 'role_id', 'status', 'inviter_name', 'accepted_at'])
        .executeTakeFirstOrThrow()
      return {
        value: present(deps, organizationId, {
          ...row,
          role_name: role.name,
          role_permissions: listPermissions(role.permissions),
        }),
        audit: {
          action: 'member.invited',
          target: { type: 'invitation', id: row.id, name: row.email },
          details: { email: row.email, role_name: role.name },
        },
      }
    },
  )
}

/** By role_id; else, from a client of Qovery's API, by its deprecated role enum. */
function invitedRoleOf(input: { role_id?: string | undefined; role?: LegacyRole | undefined }) {
  if (input.role_id !== undefined) return { id: input.role_id }
  if (input.role !== undefined) return { builtIn: builtInRoleOfLegacy[input.role] }
  throw invalidInput('Say which role to invite with: role_id (see availableRole).', [
    { field: 'body.role_id', message: "must be the id of one of this organization's roles" },
  ])
}

/** The pending invitations, newest first, a page at a time (see readPage). */
export async function listInvitations(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  page: PageRequest,
): Promise<Page<Invitation>> {
  await authorize(deps.db, ctx.principal, organizationId, 'members:manage')
  await expireStaleInvitations(deps, deps.db, organizationId)
  const { results, next_cursor } = await readPage(
    invitationsOf(deps.db, organizationId).where('invitations.status', '=', 'PENDING'),
    {
      list: 'invitations',
      scope: organizationId,
      sortColumn: 'invitations.created_at',
      idColumn: 'invitations.id',
      direction: 'desc',
    },
    page,
  )
  return { results: results.map((row) => present(deps, organizationId, row)), next_cursor }
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
  if (!(await isInvitee(deps.db, ctx.principal, row.email))) {
    if (!(await managesMembers(deps.db, ctx.principal, organizationId))) throw notFound('Invitation')
  }
  // Only now, for a caller who may see it: a stranger's read writes nothing.
  await expireStaleInvitations(deps, deps.db, organizationId)
  const status = row.status === 'PENDING' && isStale(deps, row.created_at) ? 'EXPIRED' : row.status
  return { ...present(deps, organizationId, { ...row, status }), organization_name: row.organization_name }
}

/**
 * The signed-in user whose email the invitation names joins with the invitation's role. Anyone
 * else is refused: with 403 if they may see the invitation, else with 404 (it does not exist).
 */
export async function acceptInvitation(
  deps: Deps,
  ctx: RequestContext,
  user: UserPrincipal,
  organizationId: string,
  invitationId: string,
): Promise<Member> {
  try {
    return await joinThroughInvitation(deps, ctx, user, organizationId, invitationId)
  } catch (error) {
    // The membership's primary key, should the user have joined by another way at the same moment.
    if (isUniqueViolation(error))
      throw new GatehouseError('already_member', 'You are already a member of this organization.')
    throw error
  }
}

async function joinThroughInvitation(
  deps: Deps,
  ctx: RequestContext,
  user: UserPrincipal,
  organizationId: string,
  invitationId: string,
): Promise<Member> {
  const outcome = await deps.db.transaction().execute(async (trx): Promise<Member | GatehouseError> => {
    // As every write in an organization does (write-path.ts): a removal or demotion of the sender,
    // which locks the row for update, is then wholly before this acceptance or wholly after it.
    await trx.selectFrom('organizations').select('id').where('id', '=', organizationId).forShare().execute()
    await expireStaleInvitations(deps, trx, organizationId)
    // Locked so that two acceptances of one invitation cannot both go through.
    const invitation = await trx
      .selectFrom('invitations')
      .innerJoin('roles', 'roles.id', 'invitations.role_id')
      .select([
        'invitations.id',
        'invitations.email',
        'invitations.role_id',
        'roles.name as role_name',
        'roles.permissions as role_permissions',
        'invitations.inviter_type',
        'invitations.inviter_id',
      ])
      .where('invitations.id', '=', invitationId)
      .where('invitations.organization_id', '=', organizationId)
      .where('invitations.status', '=', 'PENDING')
      .forUpdate('invitations')
      .executeTakeFirst()
    if (!invitation) throw noPendingInvitationForYou()
    if (!(await isInvitee(trx, user, invitation.email))) {
      // Those who may see the invitation learn why they cannot accept it; to anyone else, in an
      // organization they cannot see, it does not exist (the contract's "no existence leak").
      if (!(await managesMembers(trx, user, organizationId))) throw noPendingInvitationForYou()
      throw new GatehouseError(
        'wrong_invitee',
        'This invitation was sent to another email address: only the user signed in with that address can accept it.',
      )
    }
    const existing = await trx
      .selectFrom('memberships')
      .select('user_id')
      .where('organization_id', '=', organizationId)
      .where('user_id', '=', user.userId)
      .executeTakeFirst()
    if (existing) throw new GatehouseError('already_member', 'You are already a member of this organization.')
    const sender = await senderPermissions(trx, organizationId, invitation)
    if (!sender || !mayInviteWith(sender, toPermissionSet(invitation.role_permissions))) {
      // Its sender was removed, demoted or deleted since: it can never be accepted now. Marked
      // expired (out of the pending list) in this transaction, and refused once it commits.
      await trx
        .updateTable('invitations')
        .set({ status: 'EXPIRED' })
        .where('id', '=', invitation.id)
        .execute()
      return new GatehouseError(
        'invitation_expired',
        'This invitation is no longer valid: whoever sent it may no longer invite with this role. Ask the organization for a new one.',
      )
    }
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
  if (outcome instanceof GatehouseError) throw outcome
  return outcome
}

/** A withdrawn invitation is deleted: it can no longer be listed, read or accepted. */
export async function withdrawInvitation(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  invitationId: string,
): Promise<void> {
  await withOrganization(deps, ctx, organizationId, 'members:manage', { lock: 'share' }, async (trx) => {
    const deleted = await trx
      .deleteFrom('invitations')
      .where('id', '=', invitationId)
      .where('organization_id', '=', organizationId)
      .where('status', '=', 'PENDING')
      .returning(['id', 'email'])
      .executeTakeFirst()
    if (!deleted) throw notFound('Pending invitation')
    return {
      value: undefined,
      audit: {
        action: 'invitation.withdrawn',
        target: { type: 'invitation', id: deleted.id, name: deleted.email },
        details: { email: deleted.email },
      },
    }
  })
}

/**
 * Invitations expire `invitationTtlDays` after they were sent. Marked lazily, whenever the
 * organization's invitations are read or used, so no background job is needed.
 */
function expiryCutoff(deps: Deps): Date {
  return new Date(deps.now().getTime() - deps.config.invitationTtlDays * 24 * 3600 * 1000)
}

function isStale(deps: Deps, createdAt: Date): boolean {
  return createdAt < expiryCutoff(deps)
}

export async function expireStaleInvitations(deps: Deps, db: Kysely<Database>, organizationId: string) {
  const cutoff = expiryCutoff(deps)
  await db
    .updateTable('invitations')
    .set({ status: 'EXPIRED' })
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'PENDING')
    .where('created_at', '<', cutoff)
    .execute()
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
      'roles.permissions as role_permissions',
      'invitations.status',
      'invitations.inviter_name',
      'invitations.accepted_at',
    ])
    .where('invitations.organization_id', '=', organizationId)
}

interface InvitationRow {
  id: string
  created_at: Date
  email: string
  role_id: string
  role_name: string
  role_permissions: readonly string[]
  status: InvitationStatus
  inviter_name: string
  accepted_at: Date | null
}

function present(deps: Deps, organizationId: string, row: InvitationRow): Invitation {
  return {
    id: row.id,
    created_at: row.created_at,
    email: row.email,
    role_id: row.role_id,
    role_name: row.role_name,
    role_permissions: listPermissions(toPermissionSet(row.role_permissions)),
    invitation_link: `${deps.config.publicUrl}/invitations/${organizationId}/${row.id}`,
    invitation_status: row.status,
    inviter: row.inviter_name,
    accepted_at: row.accepted_at,
  }
}

/** The same answer whether the invitation is missing or addressed to someone else. */
function noPendingInvitationForYou() {
  return new GatehouseError(
    'not_found',
    'No pending invitation with this id is addressed to the email you are signed in with.',
  )
}

/** The email is read from the database, not the cached principal: it is what proves who was invited. */
async function isInvitee(db: Kysely<Database>, principal: Principal, invitedEmail: string): Promise<boolean> {
  if (principal.kind !== 'user') return false
  const user = await db
    .selectFrom('users')
    .select('email')
    .where('id', '=', principal.userId)
    .executeTakeFirst()
  return user !== undefined && sameEmail(user.email, invitedEmail)
}

async function managesMembers(db: Kysely<Database>, principal: Principal, organizationId: string) {
  const access = await accessTo(db, principal, organizationId)
  return access !== undefined && can(access.permissions, 'members:manage')
}

function sameEmail(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase()
}

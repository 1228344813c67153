import { GatehouseError, notFound } from '../core/errors.ts'
import { type Action, builtInRoleNames, describeRole } from '../core/permissions.ts'
import type { RequestContext } from '../core/principal.ts'
import { refuseSecretsInText } from '../core/secrets.ts'
import { recordAudit } from './audit.ts'
import { changeAndInvalidate } from './authenticate.ts'
import { authorize } from './authorize.ts'
import type { Deps } from './deps.ts'

export interface Organization {
  id: string
  created_at: Date
  updated_at: Date
  name: string
  description: string
  owner: string
}

const organizationColumns = [
  'id',
  'created_at',
  'updated_at',
  'name',
  'description',
  'owner_id as owner',
] as const

export async function createOrganization(
  deps: Deps,
  ctx: RequestContext,
  input: { name: string; description?: string | undefined },
): Promise<Organization> {
  refuseSecretsInText({ name: input.name, description: input.description })
  const principal = ctx.principal
  if (principal.kind !== 'user')
    throw new GatehouseError(
      'user_required',
      'Only a signed-in user can create an organization, not an API token.',
    )
  return deps.db.transaction().execute(async (trx) => {
    const organization = await trx
      .insertInto('organizations')
      .values({ name: input.name.trim(), description: input.description ?? '', owner_id: principal.userId })
      .returning(organizationColumns)
      .executeTakeFirstOrThrow()
    const roles = await trx
      .insertInto('roles')
      .values(builtInRoleNames.map((name) => ({ organization_id: organization.id, name, built_in: true })))
      .returning(['id', 'name'])
      .execute()
    const ownerRole = roles.find((role) => role.name === 'owner')
    if (!ownerRole) throw new Error('owner role was not created')
    await trx
      .insertInto('memberships')
      .values({ organization_id: organization.id, user_id: principal.userId, role_id: ownerRole.id })
      .execute()
    await recordAudit(trx, ctx, {
      organizationId: organization.id,
      action: 'organization.created',
      target: { type: 'organization', id: organization.id, name: organization.name },
    })
    return organization
  })
}

/** A user's organizations; an API token sees its own one only. */
export async function listOrganizations(deps: Deps, ctx: RequestContext): Promise<Organization[]> {
  const principal = ctx.principal
  let query = deps.db.selectFrom('organizations').select(organizationColumns).orderBy('name').orderBy('id')
  if (principal.kind === 'api_token') {
    query = query.where('id', '=', principal.organizationId)
  } else {
    query = query.where('id', 'in', (eb) =>
      eb.selectFrom('memberships').select('organization_id').where('user_id', '=', principal.userId),
    )
  }
  return query.execute()
}

export async function getOrganization(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
): Promise<Organization> {
  await authorize(deps.db, ctx.principal, organizationId, 'organization:read')
  return findOrganization(deps, organizationId)
}

export async function updateOrganization(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  input: { name: string; description?: string | undefined },
): Promise<Organization> {
  refuseSecretsInText({ name: input.name, description: input.description })
  await authorize(deps.db, ctx.principal, organizationId, 'organization:edit')
  return deps.db.transaction().execute(async (trx) => {
    const before = await findOrganization({ ...deps, db: trx }, organizationId)
    const organization = await trx
      .updateTable('organizations')
      .set({
        name: input.name.trim(),
        description: input.description ?? before.description,
        updated_at: deps.now(),
      })
      .where('id', '=', organizationId)
      .returning(organizationColumns)
      .executeTakeFirstOrThrow()
    await recordAudit(trx, ctx, {
      organizationId,
      action: 'organization.updated',
      target: { type: 'organization', id: organizationId, name: organization.name },
      details: { before: { name: before.name, description: before.description } },
    })
    return organization
  })
}

/** Deletes the organization and everything in it; its tokens stop working at once, everywhere. */
export async function deleteOrganization(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
): Promise<void> {
  await authorize(deps.db, ctx.principal, organizationId, 'organization:delete')
  await changeAndInvalidate(deps, async (trx) => {
    const organization = await findOrganization({ ...deps, db: trx }, organizationId)
    await recordAudit(trx, ctx, {
      organizationId,
      action: 'organization.deleted',
      target: { type: 'organization', id: organizationId, name: organization.name },
    })
    await trx.deleteFrom('organizations').where('id', '=', organizationId).execute()
    return { value: undefined, invalidate: [organizationId] }
  })
}

export interface RoleSummary {
  id: string
  name: string
  /** What the role may do, from the permission matrix (the console's Roles page shows it). */
  permissions: Action[]
}

export async function listAvailableRoles(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
): Promise<RoleSummary[]> {
  await authorize(deps.db, ctx.principal, organizationId, 'organization:read')
  const roles = await deps.db
    .selectFrom('roles')
    .select(['id', 'name'])
    .where('organization_id', '=', organizationId)
    .execute()
  // Built-in roles in the contract's order (most powerful first), then any others by name.
  const rank = (name: string) => {
    const index = (builtInRoleNames as readonly string[]).indexOf(name)
    return index === -1 ? builtInRoleNames.length : index
  }
  return roles
    .sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name))
    .map((role) => ({ ...role, permissions: describeRole(role.name) }))
}

export async function findOrganization(
  deps: Pick<Deps, 'db'>,
  organizationId: string,
): Promise<Organization> {
  const organization = await deps.db
    .selectFrom('organizations')
    .select(organizationColumns)
    .where('id', '=', organizationId)
    .executeTakeFirst()
  if (!organization) throw notFound('Organization')
  return organization
}

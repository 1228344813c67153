import { GatehouseError, notFound } from '../core/errors.ts'
import { normalizeName, refuseDirectionControls } from '../core/names.ts'
import { type Action, listPermissions, toPermissionSet } from '../core/permissions.ts'
import type { RequestContext } from '../core/principal.ts'
import { builtInDescriptionOf, builtInRoles, compareRoles, OWNER_ROLE, type RoleKind } from '../core/roles.ts'
import { refuseSecretsInText } from '../core/secrets.ts'
import { recordAudit } from './audit.ts'
import { authorize } from './authorize.ts'
import type { Deps } from './deps.ts'
import { withOrganization } from './write-path.ts'

export interface Organization {
  id: string
  created_at: Date
  updated_at: Date
  name: string
  description: string
  owner: string
  api_token_max_lifetime_days: number | null
}

const organizationColumns = [
  'id',
  'created_at',
  'updated_at',
  'name',
  'description',
  'owner_id as owner',
  'api_token_max_lifetime_days',
] as const

export async function createOrganization(
  deps: Deps,
  ctx: RequestContext,
  input: { name: string; description?: string | undefined },
): Promise<Organization> {
  refuseSecretsInText({ name: input.name, description: input.description })
  const name = normalizeName('name', input.name)
  refuseDirectionControls({ description: input.description })
  const principal = ctx.principal
  if (principal.kind !== 'user')
    throw new GatehouseError(
      'user_required',
      'Only a signed-in user can create an organization, not an API token.',
    )
  return deps.db.transaction().execute(async (trx) => {
    const organization = await trx
      .insertInto('organizations')
      .values({ name, description: input.description ?? '', owner_id: principal.userId })
      .returning(organizationColumns)
      .executeTakeFirstOrThrow()
    const roles = await trx
      .insertInto('roles')
      .values(
        builtInRoles.map((role) => ({
          organization_id: organization.id,
          name: role.name,
          kind: 'built_in' as const,
          permissions: [...role.permissions],
        })),
      )
      .returning(['id', 'name'])
      .execute()
    const ownerRole = roles.find((role) => role.name === OWNER_ROLE)
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
  input: {
    name: string
    description?: string | undefined
    api_token_max_lifetime_days?: number | null | undefined
  },
): Promise<Organization> {
  refuseSecretsInText({ name: input.name, description: input.description })
  const name = normalizeName('name', input.name)
  refuseDirectionControls({ description: input.description })
  return withOrganization(deps, ctx, organizationId, 'organization:edit', { lock: 'update' }, async (trx) => {
    const before = await findOrganization({ db: trx }, organizationId)
    const organization = await trx
      .updateTable('organizations')
      .set({
        name,
        description: input.description ?? before.description,
        api_token_max_lifetime_days:
          input.api_token_max_lifetime_days === undefined
            ? before.api_token_max_lifetime_days
            : input.api_token_max_lifetime_days,
        updated_at: deps.now(),
      })
      .where('id', '=', organizationId)
      .returning(organizationColumns)
      .executeTakeFirstOrThrow()
    return {
      value: organization,
      audit: {
        action: 'organization.updated',
        target: { type: 'organization', id: organizationId, name: organization.name },
        details: {
          before: {
            name: before.name,
            description: before.description,
            api_token_max_lifetime_days: before.api_token_max_lifetime_days,
          },
        },
      },
    }
  })
}

/** Deletes the organization and everything in it; its tokens stop working at once, everywhere. */
export async function deleteOrganization(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
): Promise<void> {
  await withOrganization(
    deps,
    ctx,
    organizationId,
    'organization:delete',
    { lock: 'update' },
    async (trx) => {
      const organization = await findOrganization({ db: trx }, organizationId)
      await trx.deleteFrom('organizations').where('id', '=', organizationId).execute()
      return {
        value: undefined,
        // The trail has no foreign key: the record of the deletion outlives the organization.
        audit: {
          action: 'organization.deleted',
          target: { type: 'organization', id: organizationId, name: organization.name },
        },
        invalidate: [organizationId],
      }
    },
  )
}

export interface RoleSummary {
  id: string
  name: string
  kind: RoleKind
  /** One sentence: what the role is for. */
  description: string
  /** What the role may do, in the catalogue's order (the console's Roles page shows it). */
  permissions: Action[]
}

/** The organization's roles: built-in ones most powerful first, then custom ones by name. */
export async function listAvailableRoles(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
): Promise<RoleSummary[]> {
  await authorize(deps.db, ctx.principal, organizationId, 'organization:read')
  const roles = await deps.db
    .selectFrom('roles')
    .select(['id', 'name', 'kind', 'permissions', 'description'])
    .where('organization_id', '=', organizationId)
    .execute()
  return roles.sort(compareRoles).map((role) => ({
    id: role.id,
    name: role.name,
    kind: role.kind,
    description: role.kind === 'built_in' ? builtInDescriptionOf(role.name) : role.description,
    permissions: listPermissions(toPermissionSet(role.permissions)),
  }))
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

import type { Kysely } from 'kysely'
import { type EnvironmentMode, environmentModes } from '../core/environment-modes.ts'
import { GatehouseError, invalidInput, nameTaken, notFound } from '../core/errors.ts'
import { normalizeName, refuseDirectionControls } from '../core/names.ts'
import { toPermissionSet } from '../core/permissions.ts'
import type { RequestContext } from '../core/principal.ts'
import {
  ceilingOf,
  grantOf,
  isEmptyGrant,
  type ProjectGrant,
  type ProjectPermissionLevel,
} from '../core/project-permissions.ts'
import { refuseSecretsInText } from '../core/secrets.ts'
import type { Database } from '../store/schema.ts'
import { authorize } from './authorize.ts'
import type { Deps } from './deps.ts'
import { expireStaleInvitations } from './invitations.ts'
import { type GrantRow, grantColumns } from './project-grants.ts'
import { refuseRoleEscalation } from './roles.ts'
import { withOrganization } from './write-path.ts'

/**
 * Custom roles, Qovery's shapes: a name, a description, and a permission per project and per
 * environment mode (src/core/project-permissions.ts says what each level allows). Owners and
 * admins manage them ('members:manage'); those who hand roles out read them ('roles:read'). A
 * change applies to the next request of every member and token holding the role, on every
 * process: a token carries its role's grants in the credential cache, which the change evicts.
 */
export interface ModePermission {
  environment_type: EnvironmentMode
  permission: ProjectPermissionLevel
}

export interface ProjectPermission {
  project_id: string
  project_name: string
  is_admin: boolean
  permissions: ModePermission[]
}

export interface CustomRole {
  id: string
  name: string
  description: string
  /** Gatehouse has no clusters: always empty, accepted so that Qovery's clients work unchanged. */
  cluster_permissions: never[]
  /** The projects the role has any access to, by name; any other project is NO_ACCESS. */
  project_permissions: ProjectPermission[]
}

export interface CustomRoleInput {
  name: string
  description?: string | undefined
}

export interface CustomRoleUpdate extends CustomRoleInput {
  cluster_permissions: unknown[]
  project_permissions: {
    project_id: string
    is_admin?: boolean | undefined
    permissions?: { environment_type: EnvironmentMode; permission: ProjectPermissionLevel }[] | undefined
  }[]
}

const WHAT = 'Custom role'

export async function listCustomRoles(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
): Promise<CustomRole[]> {
  await authorize(deps.db, ctx.principal, organizationId, 'roles:read')
  const roles = await customRolesOf(deps.db, organizationId).orderBy('name').execute()
  const grants = await grantsWithNames(
    deps.db,
    organizationId,
    roles.map((role) => role.id),
  )
  return roles.map((role) => toCustomRole(role, grants.get(role.id) ?? []))
}

export async function getCustomRole(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  roleId: string,
): Promise<CustomRole> {
  await authorize(deps.db, ctx.principal, organizationId, 'roles:read', WHAT)
  return readCustomRole(deps.db, organizationId, roleId)
}

/** A new custom role grants nothing in any project until edited (Qovery's create takes no permissions). */
export async function createCustomRole(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  input: CustomRoleInput,
): Promise<CustomRole> {
  const { name, description } = checkedWords(input)
  return withOrganization(
    deps,
    ctx,
    organizationId,
    'members:manage',
    { lock: 'share', onDuplicate: () => duplicateRole(name) },
    async (trx) => {
      const row = await trx
        .insertInto('roles')
        .values({
          organization_id: organizationId,
          name,
          description: description ?? '',
          kind: 'custom',
          permissions: ceilingOf([]),
        })
        .returning(['id', 'name', 'description'])
        .executeTakeFirstOrThrow()
      return {
        value: toCustomRole(row, []),
        audit: { action: 'role.created', target: { type: 'role', id: row.id, name: row.name } },
      }
    },
  )
}

/**
 * Replaces the role's name, description and project permissions (Qovery's PUT: what is not
 * listed is NO_ACCESS). Serialized with member changes (the organization row is locked for update),
 * recorded with the permissions before and after, and applied to every holder's next request.
 */
export async function editCustomRole(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  roleId: string,
  input: CustomRoleUpdate,
): Promise<CustomRole> {
  const { name, description } = checkedWords(input)
  const wanted = grantsOfRequest(input)
  return withOrganization(
    deps,
    ctx,
    organizationId,
    'members:manage',
    { lock: 'update', notFoundAs: WHAT, onDuplicate: () => duplicateRole(name) },
    async (trx, access) => {
      const before = await readCustomRole(trx, organizationId, roleId, { forUpdate: true })
      const projects = await projectNamesOf(trx, organizationId, [...wanted.keys()])
      const unknown = [...wanted.keys()].filter((projectId) => !projects.has(projectId))
      if (unknown.length > 0) {
        throw invalidInput(
          'project_permissions names a project this organization does not have.',
          unknown.map((projectId) => ({
            field: `body.project_permissions.${input.project_permissions.findIndex((entry) => entry.project_id === projectId)}.project_id`,
            message: "must be the id of one of this organization's projects",
          })),
        )
      }
      const kept = [...wanted].filter(([, grant]) => !isEmptyGrant(grant))
      const ceiling = ceilingOf(kept.map(([, grant]) => grant))
      // Nobody makes a role that allows more than they may do themselves.
      refuseRoleEscalation(
        access,
        { id: roleId, name, permissions: toPermissionSet(ceiling), projects: new Map(kept) },
        'make',
      )
      await trx
        .updateTable('roles')
        .set({ name, description: description ?? before.description, permissions: ceiling })
        .where('id', '=', roleId)
        .execute()
      await trx.deleteFrom('role_project_permissions').where('role_id', '=', roleId).execute()
      if (kept.length > 0) {
        await trx
          .insertInto('role_project_permissions')
          .values(
            kept.map(([projectId, grant]) => ({
              role_id: roleId,
              project_id: projectId,
              is_admin: grant.isAdmin,
              development: grant.modes.DEVELOPMENT,
              preview: grant.modes.PREVIEW,
              staging: grant.modes.STAGING,
              production: grant.modes.PRODUCTION,
            })),
          )
          .execute()
      }
      const after = await readCustomRole(trx, organizationId, roleId)
      return {
        value: after,
        audit: {
          action: 'role.updated',
          target: { type: 'role', id: roleId, name: after.name },
          details: {
            before: {
              name: before.name,
              description: before.description,
              project_permissions: before.project_permissions,
            },
            after: {
              name: after.name,
              description: after.description,
              project_permissions: after.project_permissions,
            },
          },
        },
        // Tokens carry their role's grants in the credential cache: every process forgets them.
        invalidate: [roleId],
      }
    },
  )
}

/**
 * Deletes a custom role nobody holds. One still held by members, tokens, pending invitations or
 * trusted CI policies is refused (409 role_in_use) with how many of each, so that nobody loses access by surprise.
 */
export async function deleteCustomRole(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  roleId: string,
): Promise<void> {
  await withOrganization(
    deps,
    ctx,
    organizationId,
    'members:manage',
    { lock: 'update', notFoundAs: WHAT },
    async (trx) => {
      const role = await readCustomRole(trx, organizationId, roleId, { forUpdate: true })
      await expireStaleInvitations(deps, trx, organizationId)
      const holders = await holdersOf(trx, roleId)
      if (Object.values(holders).some((count) => count > 0)) {
        throw new GatehouseError(
          'role_in_use',
          `The role "${role.name}" is held by ${describeHolders(holders)}: give them another role first.`,
        )
      }
      // Invitations already accepted or expired only remember the role; they go with it.
      await trx
        .deleteFrom('invitations')
        .where('role_id', '=', roleId)
        .where('status', '!=', 'PENDING')
        .execute()
      await trx.deleteFrom('roles').where('id', '=', roleId).execute()
      return {
        value: undefined,
        audit: {
          action: 'role.deleted',
          target: { type: 'role', id: roleId, name: role.name },
          details: { project_permissions: role.project_permissions },
        },
        invalidate: [roleId],
      }
    },
  )
}

interface Holders {
  members: number
  tokens: number
  invitations: number
  /** Trusted CI policies that give the role to the tokens they issue. */
  trusts: number
}

async function holdersOf(trx: Kysely<Database>, roleId: string): Promise<Holders> {
  const count = async (table: 'memberships' | 'api_tokens' | 'invitations' | 'oidc_trusts') => {
    let query = trx
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string | number>().as('count'))
      .where('role_id', '=', roleId)
    if (table === 'invitations') query = query.where('status', '=', 'PENDING')
    return Number((await query.executeTakeFirstOrThrow()).count)
  }
  return {
    members: await count('memberships'),
    tokens: await count('api_tokens'),
    invitations: await count('invitations'),
    trusts: await count('oidc_trusts'),
  }
}

export function describeHolders(holders: Holders): string {
  const parts = [
    [holders.members, 'member', 'members'],
    [holders.tokens, 'API token', 'API tokens'],
    [holders.invitations, 'pending invitation', 'pending invitations'],
    [holders.trusts, 'trusted CI policy', 'trusted CI policies'],
  ] as const
  const said = parts.filter(([n]) => n > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`)
  return said.length > 1 ? `${said.slice(0, -1).join(', ')} and ${said.at(-1)}` : (said[0] ?? 'nobody')
}

function checkedWords(input: CustomRoleInput): { name: string; description: string | undefined } {
  refuseSecretsInText({ name: input.name, description: input.description })
  const name = normalizeName('name', input.name)
  refuseDirectionControls({ description: input.description })
  return { name, description: input.description }
}

/**
 * The request's project permissions as grants, refusing what cannot mean one thing: clusters
 * (Gatehouse has none), a project listed twice, a mode listed twice in one project. A mode not
 * listed is NO_ACCESS; with is_admin, the modes do not matter (MANAGER everywhere).
 */
function grantsOfRequest(input: CustomRoleUpdate): Map<string, ProjectGrant> {
  if (input.cluster_permissions.length > 0) {
    throw invalidInput('Gatehouse has no clusters: cluster_permissions must be an empty array.', [
      { field: 'body.cluster_permissions', message: 'must be an empty array (Gatehouse has no clusters)' },
    ])
  }
  const grants = new Map<string, ProjectGrant>()
  input.project_permissions.forEach((entry, index) => {
    // The form of the contract's own field errors: body.project_permissions.0.project_id
    const at = `body.project_permissions.${index}`
    if (grants.has(entry.project_id)) {
      throw invalidInput('A project is listed twice in project_permissions.', [
        { field: `${at}.project_id`, message: 'must name each project once' },
      ])
    }
    const modes = Object.fromEntries(environmentModes.map((mode) => [mode, 'NO_ACCESS'])) as Record<
      EnvironmentMode,
      ProjectPermissionLevel
    >
    const seen = new Set<EnvironmentMode>()
    for (const [i, { environment_type, permission }] of (entry.permissions ?? []).entries()) {
      if (seen.has(environment_type)) {
        throw invalidInput(`${environment_type} is listed twice for one project in project_permissions.`, [
          {
            field: `${at}.permissions.${i}.environment_type`,
            message: 'must name each environment type once',
          },
        ])
      }
      seen.add(environment_type)
      modes[environment_type] = permission
    }
    const isAdmin = entry.is_admin === true
    grants.set(entry.project_id, {
      isAdmin,
      modes: isAdmin
        ? { DEVELOPMENT: 'MANAGER', PREVIEW: 'MANAGER', STAGING: 'MANAGER', PRODUCTION: 'MANAGER' }
        : modes,
    })
  })
  return grants
}

function customRolesOf(db: Kysely<Database>, organizationId: string) {
  return db
    .selectFrom('roles')
    .select(['id', 'name', 'description'])
    .where('organization_id', '=', organizationId)
    .where('kind', '=', 'custom')
}

/** A custom role of this organization, or 404 (a built-in role's id, or another organization's, alike). */
async function readCustomRole(
  db: Kysely<Database>,
  organizationId: string,
  roleId: string,
  options: { forUpdate?: boolean } = {},
): Promise<CustomRole> {
  const query = customRolesOf(db, organizationId).where('id', '=', roleId)
  const role = await (options.forUpdate ? query.forUpdate() : query).executeTakeFirst()
  if (!role) throw notFound(WHAT)
  const grants = await grantsWithNames(db, organizationId, [roleId])
  return toCustomRole(role, grants.get(roleId) ?? [])
}

/** The grants of these roles with their projects' names, by role, each by project name. */
async function grantsWithNames(
  db: Kysely<Database>,
  organizationId: string,
  roleIds: string[],
): Promise<Map<string, (GrantRow & { project_name: string })[]>> {
  const byRole = new Map<string, (GrantRow & { project_name: string })[]>()
  if (roleIds.length === 0) return byRole
  const rows = await db
    .selectFrom('role_project_permissions')
    .innerJoin('projects', 'projects.id', 'role_project_permissions.project_id')
    .select([...grantColumns, 'role_project_permissions.role_id', 'projects.name as project_name'])
    .where('projects.organization_id', '=', organizationId)
    .where('role_project_permissions.role_id', 'in', roleIds)
    .orderBy('projects.name')
    .orderBy('projects.id')
    .execute()
  for (const { role_id, ...row } of rows) {
    const list = byRole.get(role_id) ?? []
    list.push(row)
    byRole.set(role_id, list)
  }
  return byRole
}

async function projectNamesOf(
  db: Kysely<Database>,
  organizationId: string,
  projectIds: string[],
): Promise<Map<string, string>> {
  if (projectIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('projects')
    .select(['id', 'name'])
    .where('organization_id', '=', organizationId)
    .where('id', 'in', projectIds)
    .execute()
  return new Map(rows.map((row) => [row.id, row.name]))
}

function toCustomRole(
  role: { id: string; name: string; description: string },
  grants: (GrantRow & { project_name: string })[],
): CustomRole {
  return {
    id: role.id,
    name: role.name,
    description: role.description,
    cluster_permissions: [],
    project_permissions: grants.map((row) => {
      const grant = grantOf(row)
      return {
        project_id: row.project_id,
        project_name: row.project_name,
        is_admin: grant.isAdmin,
        permissions: environmentModes.map((mode) => ({
          environment_type: mode,
          permission: grant.isAdmin ? 'MANAGER' : grant.modes[mode],
        })),
      }
    }),
  }
}

const duplicateRole = (name: string) =>
  nameTaken(`A role named "${name}" already exists in this organization.`)

import type { GatehouseClient } from '../client/index.ts'
import type {
  Environment,
  Member,
  Organization,
  OrganizationAvailableRole,
  Project,
  Wire,
} from '../contract/index.ts'
import { grantableRoles, isOwner } from '../contract/values.ts'
import type { CliContext } from './context.ts'
import { CliError, usageError } from './errors.ts'
import { askChoice, canPrompt } from './prompts.ts'

/**
 * One item of a list by id or by name (names compare without case, as the server's uniqueness
 * does). A name that matches nothing is a usage error, like any other wrong value on the command
 * line: the server was asked only for the list, and refused nothing.
 */
export function findByIdOrName<T extends { id: string; name: string }>(
  items: T[],
  wanted: string,
  what: string,
  hint: string,
): T {
  const byId = items.find((item) => item.id.toLowerCase() === wanted.toLowerCase())
  if (byId) return byId
  const byName = items.filter((item) => item.name.toLowerCase() === wanted.trim().toLowerCase())
  if (byName.length === 1) return byName[0] as T
  if (byName.length > 1) throw usageError(`Several ${what}s are named "${wanted}": use the id (${hint}).`)
  throw usageError(`No ${what} "${wanted}" (${hint}).`)
}

/** A member by user id, email or name (emails and names compare without case). */
export function findMember(members: Wire<Member>[], wanted: string): Wire<Member> {
  const key = wanted.trim().toLowerCase()
  const byIdOrEmail = members.find((m) => m.id.toLowerCase() === key || m.email.toLowerCase() === key)
  if (byIdOrEmail) return byIdOrEmail
  const byName = members.filter((m) => m.name.toLowerCase() === key)
  if (byName.length === 1) return byName[0] as Wire<Member>
  if (byName.length > 1) throw usageError(`Several members are named "${wanted}": use their email.`)
  throw usageError(`No member "${wanted}" in this organization (see \`gatehouse member list\`).`)
}

/**
 * The organization a command works in: --org (id or name); else, with GATEHOUSE_TOKEN, the
 * token's own; else the remembered one (`org use`); else the only one; else ask, on a terminal.
 */
export async function resolveOrganization(
  cli: CliContext,
  client: GatehouseClient,
  flag: string | undefined,
): Promise<Pick<Organization, 'id' | 'name'>> {
  if (flag !== undefined) {
    // Looked up even when given by id: an id that names nothing is then the same usage error as
    // a wrong name, and the messages can use the organization's name.
    const all = await client.listOrganization()
    return findByIdOrName(all.results, flag, 'organization', 'see `gatehouse org list`')
  }
  if (cli.usesApiToken) {
    const { api_token } = await client.whoami()
    if (api_token) return { id: api_token.organization_id, name: api_token.organization_id }
  }
  if (cli.rememberedOrganization) return cli.rememberedOrganization
  const all = await client.listOrganization()
  const [only] = all.results
  if (only && all.results.length === 1) return only
  if (all.results.length === 0)
    throw new CliError('You belong to no organization yet: create one with `gatehouse org create <name>`.')
  if (!canPrompt())
    throw usageError(
      'You belong to several organizations: pass --org <id or name>, or run `gatehouse org use`.',
    )
  return askChoice(
    'Organization',
    all.results.map((org) => ({ name: org.name, value: org, description: org.id })),
  )
}

export async function listRoles(
  client: GatehouseClient,
  organizationId: string,
): Promise<OrganizationAvailableRole[]> {
  return (await client.listOrganizationAvailableRoles({ organizationId })).results
}

/** The caller's own role in the organization (a token's, or the signed-in user's membership). */
export async function callerRole(
  client: GatehouseClient,
  organizationId: string,
  roles: OrganizationAvailableRole[],
): Promise<OrganizationAvailableRole | undefined> {
  const me = await client.whoami()
  const roleId =
    me.api_token?.role_id ??
    (await client.listAll('getOrganizationMembers', { organizationId }, { pageSize: 1000 })).results.find(
      (m) => m.id === me.user?.id,
    )?.role_id
  return roles.find((role) => role.id === roleId)
}

/**
 * The role to give, by id or name. The owner role is refused here (it moves only by an ownership
 * transfer); whether the caller may give the role named is the server's to say. Without one, a
 * person chooses among the roles the caller may give (`mine`, the caller's role, is looked up
 * only then).
 */
export async function resolveRole(
  roles: OrganizationAvailableRole[],
  flag: string | undefined,
  mine?: () => Promise<OrganizationAvailableRole | undefined>,
): Promise<OrganizationAvailableRole> {
  const names = roles
    .filter((role) => !isOwner(role))
    .map((role) => role.name)
    .join(', ')
  if (flag !== undefined) {
    const role = findByIdOrName(roles, flag, 'role', `one of: ${names}`)
    if (isOwner(role)) throw usageError(`The role "${role.name}" cannot be given here (one of: ${names}).`)
    return role
  }
  if (!canPrompt()) throw usageError(`Missing --role (one of: ${names}); there is no terminal to ask on.`)
  const offered = grantableRoles(roles, await mine?.())
  if (offered.length === 0) throw new CliError('Your role in this organization may not give any role.')
  return askChoice(
    'Role',
    offered.map((role) => ({
      name: role.name,
      value: role,
      description: `may: ${role.permissions.join(', ') || 'nothing'}`,
    })),
  )
}

/** A custom role by name or id (a built-in role's name is a usage error naming the custom ones). */
export async function resolveCustomRole(
  client: GatehouseClient,
  organizationId: string,
  wanted: string,
): Promise<Pick<OrganizationAvailableRole, 'id' | 'name'>> {
  const custom = (await listRoles(client, organizationId)).filter((role) => role.kind === 'custom')
  const names = custom.map((role) => role.name).join(', ') || 'none yet: `gatehouse role create <name>`'
  return findByIdOrName(custom, wanted, 'custom role', `custom roles: ${names}`)
}

/** An environment of a project by name or id. */
export async function resolveEnvironment(
  client: GatehouseClient,
  projectId: string,
  wanted: string,
): Promise<Pick<Environment, 'id' | 'name' | 'mode'>> {
  const environments = await client.listAll('listEnvironment', { projectId }, { pageSize: 1000 })
  return findByIdOrName(environments.results, wanted, 'environment', 'see `gatehouse env list --project ...`')
}

export async function resolveProject(
  client: GatehouseClient,
  organizationId: string,
  wanted: string,
): Promise<Pick<Project, 'id' | 'name'>> {
  const projects = await client.listAll('listProject', { organizationId }, { pageSize: 1000 })
  return findByIdOrName(projects.results, wanted, 'project', 'see `gatehouse project list`')
}

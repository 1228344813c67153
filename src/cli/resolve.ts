import type { ApiClient } from './api-client.ts'
import type { CliContext } from './context.ts'
import { CliError, usageError } from './errors.ts'
import { askChoice, canPrompt } from './prompts.ts'

/** Shapes of the API's answers that the CLI reads (the server's OpenAPI document has them all). */
export interface Organization {
  id: string
  name: string
  description: string
  created_at: string
}
export interface Role {
  id: string
  name: string
  permissions?: string[]
}
export interface Project {
  id: string
  name: string
  description: string
  created_at: string
}
export interface Results<T> {
  results: T[]
}
export type Whoami =
  | { type: 'user'; user: { id: string; email: string; name: string } }
  | {
      type: 'api_token'
      api_token: { id: string; name: string; organization_id: string; role_id: string; role_name: string }
    }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const isUuid = (value: string) => UUID.test(value)

/** One item of a list by id or by name (names compare without case, as the server's uniqueness does). */
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
  throw new CliError(`No ${what} "${wanted}" (${hint}).`)
}

/**
 * The organization a command works in: --org (id or name); else, with GATEHOUSE_TOKEN, the
 * token's own; else the remembered one (`org use`); else the only one; else ask, on a terminal.
 */
export async function resolveOrganization(
  cli: CliContext,
  client: ApiClient,
  flag: string | undefined,
): Promise<{ id: string; name: string }> {
  if (flag !== undefined) {
    if (isUuid(flag)) return { id: flag, name: flag }
    const all = await client.request<Results<Organization>>('GET', '/organization')
    return findByIdOrName(all.results, flag, 'organization', 'see `gatehouse org list`')
  }
  if (cli.usesApiToken) {
    const me = await client.request<Whoami>('GET', '/auth/whoami')
    if (me.type === 'api_token')
      return { id: me.api_token.organization_id, name: me.api_token.organization_id }
  }
  if (cli.rememberedOrganization) return cli.rememberedOrganization
  const all = await client.request<Results<Organization>>('GET', '/organization')
  if (all.results.length === 1) return all.results[0] as Organization
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

export async function listRoles(client: ApiClient, organizationId: string): Promise<Role[]> {
  const roles = await client.request<Results<Role>>('GET', `/organization/${organizationId}/availableRole`)
  return roles.results
}

/** A role by id or name; without one, a choice on a terminal among those `allowed`. */
export async function resolveRole(
  roles: Role[],
  flag: string | undefined,
  options: { allowed?: (role: Role) => boolean; flagName?: string } = {},
): Promise<Role> {
  const allowed = roles.filter(options.allowed ?? (() => true))
  const names = allowed.map((r) => r.name).join(', ')
  if (flag !== undefined) {
    const role = findByIdOrName(roles, flag, 'role', `one of: ${names}`)
    if (!allowed.includes(role))
      throw usageError(`The role "${role.name}" cannot be given here (one of: ${names}).`)
    return role
  }
  if (!canPrompt())
    throw usageError(
      `Missing ${options.flagName ?? '--role'} (one of: ${names}); there is no terminal to ask on.`,
    )
  return askChoice(
    'Role',
    allowed.map((role) => ({
      name: role.name,
      value: role,
      ...(role.permissions ? { description: `may: ${role.permissions.join(', ') || 'nothing'}` } : {}),
    })),
  )
}

export async function resolveProject(
  client: ApiClient,
  organizationId: string,
  wanted: string,
): Promise<Project> {
  if (isUuid(wanted)) return { id: wanted, name: wanted, description: '', created_at: '' }
  const projects = await client.request<Results<Project>>('GET', `/organization/${organizationId}/project`)
  return findByIdOrName(projects.results, wanted, 'project', 'see `gatehouse project list`')
}

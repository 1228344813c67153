/**
 * What API tests build on the calls of api.ts: an organization with a member and a token of every
 * role, projects, environments and invitations, and readings of the database that show what a
 * request changed (or that a refused one changed nothing).
 */
import { expect } from 'vitest'
import type { BuiltInRoleName } from '../../src/core/permissions.ts'
import type { Database } from '../../src/store/schema.ts'
import {
  addMember,
  type Credential,
  call,
  createApiToken,
  createOrganization,
  signUpAndLogIn,
  type TestApiToken,
  type TestOrganization,
  type TestUser,
  uniqueSuffix,
} from './api.ts'
import type { TestGatehouse } from './harness.ts'

/** An id in the shape of ours that no row has. */
export const unknownId = '00000000-0000-4000-8000-000000000000'

export type TokenRole = Exclude<BuiltInRoleName, 'owner'>
export const tokenRoles: TokenRole[] = ['admin', 'devops', 'billing', 'viewer']
export const everyRole: BuiltInRoleName[] = ['owner', ...tokenRoles]

/** Someone who can call the API: a member signed in as a user, or an API token. */
export interface Caller {
  /** "devops user", "viewer token", ... for test names and failure messages. */
  label: string
  role: BuiltInRoleName
  as: { session: string } | { token: string }
}

/** An organization with a member of every role and a token of every role a token may hold. */
export interface Team {
  org: TestOrganization
  users: Record<BuiltInRoleName, TestUser>
  tokens: Record<TokenRole, TestApiToken>
  /** Every member (signed in as a user) and every token, for role matrices. */
  callers: Caller[]
}

/**
 * Adds a member and a token of every role to `organization` (its owner is the owner member), or
 * to a new organization when none is given.
 */
export async function createTeam(gatehouse: TestGatehouse, organization?: TestOrganization): Promise<Team> {
  const org =
    organization ?? (await createOrganization(gatehouse, await signUpAndLogIn(gatehouse, 'Team Owner')))
  const users = { owner: org.owner } as Team['users']
  const tokens = {} as Team['tokens']
  for (const role of tokenRoles) {
    users[role] = await addMember(gatehouse, org, role)
    tokens[role] = await createApiToken(gatehouse, org, role)
  }
  const callers: Caller[] = [
    ...everyRole.map((role) => ({ label: `${role} user`, role, as: users[role].as })),
    ...tokenRoles.map((role) => ({ label: `${role} token`, role, as: tokens[role].as })),
  ]
  return { org, users, tokens, callers }
}

export async function createProject(
  gatehouse: TestGatehouse,
  organization: TestOrganization,
  options: { as?: Credential; name?: string; description?: string } = {},
) {
  const created = await call(gatehouse, 'POST', `/organization/${organization.id}/project`, {
    as: options.as ?? organization.owner.as,
    body: {
      name: options.name ?? `project ${uniqueSuffix()}`,
      ...(options.description !== undefined ? { description: options.description } : {}),
    },
  })
  expect(created.status).toBe(201)
  return created.body as { id: string; created_at: string; name: string; description: string }
}

export async function createEnvironment(
  gatehouse: TestGatehouse,
  organization: TestOrganization,
  projectId: string,
  options: { as?: Credential; name?: string; mode?: string } = {},
) {
  const created = await call(gatehouse, 'POST', `/project/${projectId}/environment`, {
    as: options.as ?? organization.owner.as,
    body: { name: options.name ?? `env ${uniqueSuffix()}`, mode: options.mode ?? 'DEVELOPMENT' },
  })
  expect(created.status).toBe(201)
  return created.body as { id: string; name: string; mode: string }
}

/** One project's entry of a custom role, modes not named being NO_ACCESS. */
export interface ProjectGrantInput {
  project_id: string
  is_admin?: boolean
  permissions?: Partial<Record<'DEVELOPMENT' | 'PREVIEW' | 'STAGING' | 'PRODUCTION', string>>
}

/** The body of editOrganizationCustomRole, as Qovery's clients send it. */
export function customRoleBody(name: string, projects: ProjectGrantInput[], description?: string) {
  return {
    name,
    ...(description !== undefined ? { description } : {}),
    cluster_permissions: [],
    project_permissions: projects.map((project) => ({
      project_id: project.project_id,
      is_admin: project.is_admin ?? false,
      permissions: Object.entries(project.permissions ?? {}).map(([environment_type, permission]) => ({
        environment_type,
        permission,
      })),
    })),
  }
}

/** Creates a custom role (as the owner) and sets its project permissions; checks both worked. */
export async function createCustomRole(
  gatehouse: TestGatehouse,
  organization: TestOrganization,
  options: { name?: string; projects?: ProjectGrantInput[]; as?: Credential } = {},
) {
  const as = options.as ?? organization.owner.as
  const name = options.name ?? `role ${uniqueSuffix()}`
  const created = await call(gatehouse, 'POST', `/organization/${organization.id}/customRole`, {
    as,
    body: { name },
  })
  expect(created.status, created.text).toBe(201)
  const edited = await call(
    gatehouse,
    'PUT',
    `/organization/${organization.id}/customRole/${created.body.id}`,
    {
      as,
      body: customRoleBody(name, options.projects ?? []),
    },
  )
  expect(edited.status, edited.text).toBe(200)
  return edited.body as { id: string; name: string; project_permissions: unknown[] }
}

/** Invites `email` with `role` (by default as the owner) and checks it worked. */
export async function invite(
  gatehouse: TestGatehouse,
  organization: TestOrganization,
  email: string,
  role: TokenRole = 'viewer',
  as: Credential = organization.owner.as,
) {
  const created = await call(gatehouse, 'POST', `/organization/${organization.id}/inviteMember`, {
    as,
    body: { email, role_id: organization.roles[role] },
  })
  expect(created.status).toBe(201)
  return created.body as {
    id: string
    created_at: string
    email: string
    role_id: string
    invitation_link: string
  }
}

/** A member's role name read straight from the database, or undefined when not a member. */
export async function roleInDatabase(
  gatehouse: TestGatehouse,
  organizationId: string,
  userId: string,
): Promise<string | undefined> {
  const row = await gatehouse.deps.db
    .selectFrom('memberships')
    .innerJoin('roles', 'roles.id', 'memberships.role_id')
    .select('roles.name')
    .where('memberships.organization_id', '=', organizationId)
    .where('memberships.user_id', '=', userId)
    .executeTakeFirst()
  return row?.name
}

export async function invitationRows(gatehouse: TestGatehouse, organizationId: string) {
  return gatehouse.deps.db
    .selectFrom('invitations')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .execute()
}

/** The audit events of one action in one organization. */
export async function auditEvents(gatehouse: TestGatehouse, organizationId: string, action: string) {
  return gatehouse.deps.db
    .selectFrom('audit_events')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('action', '=', action)
    .execute()
}

/**
 * Every project, environment and audit event, compared before and after a refused project or
 * environment request to prove it changed nothing. Whole rows here, where `countRows` counts:
 * these tables have no columns that requests touch in passing (last use, last activity).
 */
export async function snapshotProjectData(gatehouse: TestGatehouse) {
  const db = gatehouse.deps.db
  return {
    projects: await db.selectFrom('projects').selectAll().orderBy('id').execute(),
    environments: await db.selectFrom('environments').selectAll().orderBy('id').execute(),
    auditEvents: await db.selectFrom('audit_events').select(['id', 'action']).orderBy('id').execute(),
  }
}

/**
 * How many rows each table holds, compared before and after a refused request to prove it changed
 * nothing. Counts, not rows: users and tokens record their last use as they are used.
 */
export async function countRows(
  gatehouse: TestGatehouse,
  tables: (keyof Database)[] = [
    'users',
    'sessions',
    'organizations',
    'memberships',
    'api_tokens',
    'audit_events',
  ],
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const table of tables) {
    const row = await gatehouse.deps.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string | number>().as('count'))
      .executeTakeFirstOrThrow()
    counts[table] = Number(row.count)
  }
  return counts
}

/**
 * An organization with one of everything an id can name: a project, an environment with a
 * deployment, a token, a pending invitation, a member and a custom role.
 */
export interface OrganizationWithOneOfEach {
  org: TestOrganization
  projectId: string
  environmentId: string
  tokenId: string
  inviteId: string
  memberId: string
  customRoleId: string
  webhookId: string
  deliveryId: string
}

/**
 * A disabled webhook with one failed delivery, written straight to the database: it names rows
 * for tests of ids without ever sending anything anywhere.
 */
export async function insertWebhookWithDelivery(gatehouse: TestGatehouse, organizationId: string) {
  const webhook = await gatehouse.deps.db
    .insertInto('webhooks')
    .values({
      organization_id: organizationId,
      url: 'https://hooks.example.test/b',
      events: ['api_token.created'],
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      enabled: false,
      disabled_reason: 'A test fixture.',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const delivery = await gatehouse.deps.db
    .insertInto('webhook_deliveries')
    .values({
      webhook_id: webhook.id,
      organization_id: organizationId,
      event_id: `msg_${uniqueSuffix()}`,
      event_type: 'api_token.created',
      payload: JSON.stringify({ type: 'api_token.created', data: {} }),
      status: 'failed',
      next_attempt_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { webhookId: webhook.id, deliveryId: delivery.id }
}

export async function organizationWithOneOfEach(
  gatehouse: TestGatehouse,
): Promise<OrganizationWithOneOfEach> {
  const owner = await signUpAndLogIn(gatehouse, 'B owner')
  const org = await createOrganization(gatehouse, owner)
  const project = await createProject(gatehouse, org, { name: 'b-proj' })
  const environment = await createEnvironment(gatehouse, org, project.id, {
    name: 'b-env',
    mode: 'PRODUCTION',
  })
  const token = await createApiToken(gatehouse, org, 'devops')
  const invitation = await invite(gatehouse, org, `b-invitee-${uniqueSuffix()}@example.test`)
  const member = await addMember(gatehouse, org, 'viewer', 'B member')
  const deployment = await call(gatehouse, 'POST', `/environment/${environment.id}/deployment`, {
    as: org.owner.as,
    body: { version: 'v1.0.0' },
  })
  expect(deployment.status).toBe(201)
  const customRole = await createCustomRole(gatehouse, org, {
    name: 'b-deployer',
    projects: [{ project_id: project.id, permissions: { PRODUCTION: 'DEPLOYER' } }],
  })
  const { webhookId, deliveryId } = await insertWebhookWithDelivery(gatehouse, org.id)
  return {
    org,
    projectId: project.id,
    environmentId: environment.id,
    tokenId: token.id,
    inviteId: invitation.id,
    memberId: member.id,
    customRoleId: customRole.id,
    webhookId,
    deliveryId,
  }
}

/** A member and an API token holding a custom role, given by the owner through the API. */
export async function holdersOfCustomRole(
  gatehouse: TestGatehouse,
  organization: TestOrganization,
  roleId: string,
) {
  const member = await addMember(gatehouse, organization, 'viewer', 'Custom member')
  const changed = await call(gatehouse, 'PUT', `/organization/${organization.id}/member`, {
    as: organization.owner.as,
    body: { user_id: member.id, role_id: roleId },
  })
  expect(changed.status, changed.text).toBe(200)
  const created = await call(gatehouse, 'POST', `/organization/${organization.id}/apiToken`, {
    as: organization.owner.as,
    body: { name: `custom ${uniqueSuffix()}`, role_id: roleId },
  })
  expect(created.status, created.text).toBe(201)
  const token = { id: created.body.id as string, as: { token: created.body.token as string } }
  return {
    member,
    token,
    callers: [
      { label: 'member', as: member.as },
      { label: 'token', as: token.as },
    ],
  }
}

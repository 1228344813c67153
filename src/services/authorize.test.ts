import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestGatehouse, type TestGatehouse } from '../../test/support/harness.ts'
import { GatehouseError } from '../core/errors.ts'
import { type Action, actions, listPermissions } from '../core/permissions.ts'
import type { ApiTokenPrincipal, UserPrincipal } from '../core/principal.ts'
import { authorize, authorizeFound } from './authorize.ts'

/**
 * The gate's decisions are unit-tested in core (admit, can); this proves authorize hands them the
 * right access: the caller's own membership, in the organization asked about, with that role's
 * stored permissions. Rows are written straight to the database: this is about reading them.
 */
let gatehouse: TestGatehouse
let alice: UserPrincipal
let bob: UserPrincipal
const org = { a: '', b: '' }
const role = { aAll: '', bReader: '' }

beforeAll(async () => {
  gatehouse = await startTestGatehouse('pglite')
  const db = gatehouse.deps.db
  const user = async (name: string): Promise<UserPrincipal> => {
    const { id } = await db
      .insertInto('users')
      .values({ email: `${name}@example.test`, name, password_hash: 'not used' })
      .returning('id')
      .executeTakeFirstOrThrow()
    return {
      kind: 'user',
      userId: id,
      sessionId: 'not used',
      email: `${name}@example.test`,
      name,
      via: 'bearer',
    }
  }
  alice = await user('alice')
  bob = await user('bob')
  const organization = async (name: string, ownerId: string) =>
    (
      await db
        .insertInto('organizations')
        .values({ name, description: '', owner_id: ownerId })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  org.a = await organization('A', alice.userId)
  org.b = await organization('B', bob.userId)
  // Roles that decide by their permission set alone, as built-in ones do (custom ones are below).
  const customRole = async (organizationId: string, name: string, permissions: string[]) =>
    (
      await db
        .insertInto('roles')
        .values({ organization_id: organizationId, name, kind: 'built_in', permissions })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  role.aAll = await customRole(org.a, 'everything', [...actions])
  // A name this version does not know is stored, and grants nothing.
  role.bReader = await customRole(org.b, 'reader', ['organization:read', 'projects:read', 'superpower'])
  // Alice holds every power in A and is a reader in B, so a query that ignored the organization
  // would find a role; Bob is a reader in B only.
  await db
    .insertInto('memberships')
    .values([
      { organization_id: org.a, user_id: alice.userId, role_id: role.aAll },
      { organization_id: org.b, user_id: alice.userId, role_id: role.bReader },
      { organization_id: org.b, user_id: bob.userId, role_id: role.bReader },
    ])
    .execute()
})

afterAll(async () => {
  await gatehouse?.close()
})

const token = (organizationId: string, permissions: Action[]): ApiTokenPrincipal => ({
  kind: 'api_token',
  tokenId: 'token-id',
  name: 'deploy bot',
  organizationId,
  roleId: 'role-id',
  roleName: 'deployer',
  permissions: new Set(permissions),
})

async function refusal(promise: Promise<unknown>): Promise<GatehouseError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  if (!(error instanceof GatehouseError)) throw new Error(`expected a GatehouseError, got ${String(error)}`)
  return error
}

describe('authorize a user', () => {
  it("admits a member with their role in that organization and the role's stored permissions", async () => {
    const access = await authorize(gatehouse.deps.db, alice, org.a, 'organization:delete')
    expect(access.organizationId).toBe(org.a)
    expect(access.roleId).toBe(role.aAll)
    expect(access.roleName).toBe('everything')
    expect(listPermissions(access.permissions)).toEqual([...actions])
  })

  it('reads the role held in the organization asked about, not another one the user holds', async () => {
    const access = await authorize(gatehouse.deps.db, alice, org.b, 'projects:read')
    expect(access.organizationId).toBe(org.b)
    expect(access.roleId).toBe(role.bReader)
    expect(access.roleName).toBe('reader')
    expect(listPermissions(access.permissions)).toEqual(['organization:read', 'projects:read'])
    const denied = await refusal(authorize(gatehouse.deps.db, alice, org.b, 'organization:delete'))
    expect(denied.reason).toBe('permission_denied')
    expect(denied.message).toBe('The role "reader" does not allow deleting this organization.')
  })

  it('answers not found for an organization the user is not a member of, even if others are', async () => {
    const error = await refusal(authorize(gatehouse.deps.db, bob, org.a, 'organization:read'))
    expect(error.reason).toBe('not_found')
    expect(error.message).toBe('Organization was not found.')
  })

  it('rewords not found for a resource addressed by its own id, and leaves other refusals alone', async () => {
    const hidden = await refusal(authorize(gatehouse.deps.db, bob, org.a, 'projects:read', 'Project'))
    expect(hidden.reason).toBe('not_found')
    expect(hidden.message).toBe('Project was not found.')
    const denied = await refusal(authorize(gatehouse.deps.db, bob, org.b, 'projects:write', 'Project'))
    expect(denied.reason).toBe('permission_denied')
    expect(denied.message).toBe(
      'The role "reader" does not allow editing or deleting projects and environments.',
    )
  })
})

describe('authorize an API token', () => {
  it('admits it in its own organization with the role and permissions it carries', async () => {
    const principal = token(org.a, ['projects:read', 'projects:write'])
    const access = await authorize(gatehouse.deps.db, principal, org.a, 'projects:write')
    expect(access).toEqual({
      organizationId: org.a,
      roleId: 'role-id',
      roleName: 'deployer',
      projects: undefined,
      permissions: new Set(['projects:read', 'projects:write']),
    })
    const denied = await refusal(authorize(gatehouse.deps.db, principal, org.a, 'audit:read'))
    expect(denied.reason).toBe('permission_denied')
    expect(denied.message).toBe('The role "deployer" does not allow reading the audit trail.')
  })

  it('answers not found for any other organization, whatever its permissions', async () => {
    const principal = token(org.a, [...actions])
    const error = await refusal(authorize(gatehouse.deps.db, principal, org.b, 'organization:read'))
    expect(error.reason).toBe('not_found')
    expect(error.message).toBe('Organization was not found.')
    const reworded = await refusal(
      authorize(gatehouse.deps.db, principal, org.b, 'organization:read', 'Environment'),
    )
    expect(reworded.message).toBe('Environment was not found.')
  })
})

describe('authorizeFound', () => {
  const row = (organizationId: string) => ({ id: 'project-id', organization_id: organizationId })
  const inProject = () => ({ projectId: 'project-id' })

  it('returns a row the caller may act on, and refuses per its role like authorize', async () => {
    const found = row(org.b)
    const allowed = await authorizeFound(gatehouse.deps.db, bob, found, 'projects:read', 'Project', inProject)
    expect(allowed.row).toBe(found)
    expect(allowed.access.organizationId).toBe(org.b)
    const denied = await refusal(
      authorizeFound(gatehouse.deps.db, bob, found, 'projects:write', 'Project', inProject),
    )
    expect(denied.reason).toBe('permission_denied')
  })

  it('answers a missing row exactly like a row of an organization the caller cannot see', async () => {
    for (const principal of [bob, alice, token(org.a, [...actions])]) {
      const missing = await refusal(
        authorizeFound(gatehouse.deps.db, principal, undefined, 'projects:read', 'Project', inProject),
      )
      expect(missing.reason).toBe('not_found')
      expect(missing.message).toBe('Project was not found.')
    }
    const hidden = await refusal(
      authorizeFound(gatehouse.deps.db, bob, row(org.a), 'projects:read', 'Project', inProject),
    )
    expect(hidden.message).toBe('Project was not found.')
  })
})

describe('a custom role, scoped to projects', () => {
  it("reads the member's role with its project grants in the one query, and decides inside a project by them", async () => {
    const db = gatehouse.deps.db
    const carol = await db
      .insertInto('users')
      .values({ email: 'carol@example.test', name: 'carol', password_hash: 'not used' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const principal: UserPrincipal = {
      kind: 'user',
      userId: carol.id,
      sessionId: 'not used',
      email: 'carol@example.test',
      name: 'carol',
      via: 'bearer',
    }
    const project = async (name: string) =>
      (
        await db
          .insertInto('projects')
          .values({ organization_id: org.b, name, description: '' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
    const [seen, unseen] = [await project('seen'), await project('unseen')]
    const { id: roleId } = await db
      .insertInto('roles')
      .values({
        organization_id: org.b,
        name: 'staging deployer',
        kind: 'custom',
        permissions: ['organization:read', 'projects:read', 'deployments:create'],
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db
      .insertInto('role_project_permissions')
      .values({
        role_id: roleId,
        project_id: seen,
        is_admin: false,
        development: 'NO_ACCESS',
        preview: 'VIEWER',
        staging: 'DEPLOYER',
        production: 'NO_ACCESS',
      })
      .execute()
    await db
      .insertInto('memberships')
      .values({ organization_id: org.b, user_id: carol.id, role_id: roleId })
      .execute()

    const access = await authorize(db, principal, org.b, 'projects:read')
    expect(access.projects?.get(seen)).toEqual({
      isAdmin: false,
      modes: { DEVELOPMENT: 'NO_ACCESS', PREVIEW: 'VIEWER', STAGING: 'DEPLOYER', PRODUCTION: 'NO_ACCESS' },
    })
    expect(access.projects?.has(unseen)).toBe(false)

    const environment = (projectId: string, mode: 'STAGING' | 'PRODUCTION') => ({
      organization_id: org.b,
      project_id: projectId,
      mode,
    })
    const inEnvironment = (row: { project_id: string; mode: 'STAGING' | 'PRODUCTION' }) => ({
      projectId: row.project_id,
      environmentMode: row.mode,
    })
    const staging = environment(seen, 'STAGING')
    const deploy = await authorizeFound(
      db,
      principal,
      staging,
      'deployments:create',
      'Environment',
      inEnvironment,
    )
    expect(deploy.row).toBe(staging)
    const write = await refusal(
      authorizeFound(db, principal, staging, 'projects:write', 'Environment', inEnvironment),
    )
    expect(write.reason).toBe('permission_denied')
    expect(write.message).toBe(
      'The role "staging deployer" does not allow creating, editing or deleting STAGING environments of this project (that needs MANAGER).',
    )
    for (const hidden of [environment(seen, 'PRODUCTION'), environment(unseen, 'STAGING')]) {
      const refused = await refusal(
        authorizeFound(db, principal, hidden, 'projects:read', 'Environment', inEnvironment),
      )
      expect(refused.message).toBe('Environment was not found.')
    }
  })
})

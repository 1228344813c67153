import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createOrganization,
  signUpAndLogIn,
  type TestOrganization,
  type TestUser,
} from '../../test/support/api.ts'
import { startTestGatehouse, type TestGatehouse } from '../../test/support/harness.ts'
import { GatehouseError } from '../core/errors.ts'
import { type Action, listPermissions } from '../core/permissions.ts'
import type { ApiTokenPrincipal, UserPrincipal } from '../core/principal.ts'
import { builtInPermissionsOf } from '../core/roles.ts'
import { authorize } from './authorize.ts'

/**
 * The gate's decisions are unit-tested in core (admit); this proves authorize loads the right
 * access for them: the caller's own membership, in the organization asked about, with its role.
 */
let gatehouse: TestGatehouse
let orgA: TestOrganization
let orgB: TestOrganization
let ownerOfA: TestUser
let viewerOfB: TestUser

beforeAll(async () => {
  gatehouse = await startTestGatehouse('pglite')
  ownerOfA = await signUpAndLogIn(gatehouse, 'Owner of A')
  viewerOfB = await signUpAndLogIn(gatehouse, 'Viewer of B')
  orgA = await createOrganization(gatehouse, ownerOfA)
  orgB = await createOrganization(gatehouse, await signUpAndLogIn(gatehouse, 'Owner of B'))
  // The owner of A is a viewer in B, so a query that ignored the organization would find a role.
  for (const user of [ownerOfA, viewerOfB]) {
    await gatehouse.deps.db
      .insertInto('memberships')
      .values({ organization_id: orgB.id, user_id: user.id, role_id: orgB.roles.viewer })
      .execute()
  }
})

afterAll(async () => {
  await gatehouse?.close()
})

const userPrincipal = (user: TestUser): UserPrincipal => ({
  kind: 'user',
  userId: user.id,
  sessionId: 'not used',
  email: user.email,
  name: user.name,
  via: 'bearer',
})

const tokenPrincipal = (organizationId: string, permissions: Action[]): ApiTokenPrincipal => ({
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
  it("admits a member with their role in that organization and the role's permissions", async () => {
    const access = await authorize(gatehouse.deps.db, userPrincipal(ownerOfA), orgA.id, 'organization:delete')
    expect(access.organizationId).toBe(orgA.id)
    expect(access.roleId).toBe(orgA.roles.owner)
    expect(access.roleName).toBe('owner')
    expect(listPermissions(access.permissions)).toEqual(listPermissions(builtInPermissionsOf('owner')))
  })

  it('reads the role held in the organization asked about, not another one the user holds', async () => {
    const access = await authorize(gatehouse.deps.db, userPrincipal(ownerOfA), orgB.id, 'projects:read')
    expect(access.organizationId).toBe(orgB.id)
    expect(access.roleId).toBe(orgB.roles.viewer)
    expect(access.roleName).toBe('viewer')
    expect(listPermissions(access.permissions)).toEqual(['organization:read', 'projects:read'])
    const denied = await refusal(
      authorize(gatehouse.deps.db, userPrincipal(ownerOfA), orgB.id, 'organization:delete'),
    )
    expect(denied.reason).toBe('permission_denied')
    expect(denied.message).toBe('The role "viewer" does not allow deleting this organization.')
  })

  it('answers not found for an organization the user is not a member of, even if others are', async () => {
    const error = await refusal(
      authorize(gatehouse.deps.db, userPrincipal(viewerOfB), orgA.id, 'organization:read'),
    )
    expect(error.reason).toBe('not_found')
    expect(error.message).toBe('Organization was not found.')
  })

  it('rewords not found for a resource addressed by its own id, and leaves other refusals alone', async () => {
    const hidden = await refusal(
      authorize(gatehouse.deps.db, userPrincipal(viewerOfB), orgA.id, 'projects:read', 'Project'),
    )
    expect(hidden.reason).toBe('not_found')
    expect(hidden.message).toBe('Project was not found.')
    const denied = await refusal(
      authorize(gatehouse.deps.db, userPrincipal(viewerOfB), orgB.id, 'projects:write', 'Project'),
    )
    expect(denied.reason).toBe('permission_denied')
    expect(denied.message).toBe(
      'The role "viewer" does not allow editing or deleting projects and environments.',
    )
  })
})

describe('authorize an API token', () => {
  it('admits it in its own organization with the role and permissions it carries', async () => {
    const principal = tokenPrincipal(orgA.id, ['projects:read', 'projects:write'])
    const access = await authorize(gatehouse.deps.db, principal, orgA.id, 'projects:write')
    expect(access).toEqual({
      organizationId: orgA.id,
      roleId: 'role-id',
      roleName: 'deployer',
      permissions: new Set(['projects:read', 'projects:write']),
    })
    const denied = await refusal(authorize(gatehouse.deps.db, principal, orgA.id, 'audit:read'))
    expect(denied.reason).toBe('permission_denied')
    expect(denied.message).toBe('The role "deployer" does not allow reading the audit trail.')
  })

  it('answers not found for any other organization, whatever its permissions', async () => {
    const principal = tokenPrincipal(orgA.id, [...builtInPermissionsOf('admin')])
    const error = await refusal(authorize(gatehouse.deps.db, principal, orgB.id, 'organization:read'))
    expect(error.reason).toBe('not_found')
    expect(error.message).toBe('Organization was not found.')
    const reworded = await refusal(
      authorize(gatehouse.deps.db, principal, orgB.id, 'organization:read', 'Environment'),
    )
    expect(reworded.message).toBe('Environment was not found.')
  })
})

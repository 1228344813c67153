/**
 * Test fixtures shared by the project, environment and audit route tests (not a route: vitest
 * only runs *.test.ts files).
 */
import { expect } from 'vitest'
import {
  addMember,
  type Credential,
  call,
  createApiToken,
  type TestOrganization,
  uniqueSuffix,
} from '../../../../test/support/api.ts'
import type { TestGatehouse } from '../../../../test/support/harness.ts'
import type { BuiltInRoleName } from '../../../core/permissions.ts'

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

export interface Caller {
  /** "devops member", "viewer token", ... for test names and failure messages. */
  label: string
  role: BuiltInRoleName
  as: Credential
}

/** A member of every built-in role, and an API token of every role a token may have. */
export async function callersOfEveryRole(
  gatehouse: TestGatehouse,
  organization: TestOrganization,
): Promise<Caller[]> {
  const callers: Caller[] = [{ label: 'owner member', role: 'owner', as: organization.owner.as }]
  for (const role of ['admin', 'devops', 'billing', 'viewer'] as const) {
    const member = await addMember(gatehouse, organization, role)
    callers.push({ label: `${role} member`, role, as: member.as })
  }
  for (const role of ['admin', 'devops', 'billing', 'viewer'] as const) {
    const token = await createApiToken(gatehouse, organization, role)
    callers.push({ label: `${role} token`, role, as: token.as })
  }
  return callers
}

/** Everything a project or environment request could change, to prove a refused one changed nothing. */
export async function snapshotProjectData(gatehouse: TestGatehouse) {
  const db = gatehouse.deps.db
  return {
    projects: await db.selectFrom('projects').selectAll().orderBy('id').execute(),
    environments: await db.selectFrom('environments').selectAll().orderBy('id').execute(),
    auditEvents: await db.selectFrom('audit_events').select(['id', 'action']).orderBy('id').execute(),
  }
}

export const unknownId = '00000000-0000-4000-8000-000000000000'

import { isGatehouseError, nameTaken, notFound } from '../core/errors.ts'
import type { Action } from '../core/permissions.ts'
import type { RequestContext } from '../core/principal.ts'
import { refuseSecretsInText } from '../core/secrets.ts'
import { recordAudit } from './audit.ts'
import { authorize, type OrganizationAccess } from './authorize.ts'
import { isUniqueViolation } from './db-errors.ts'
import type { Deps } from './deps.ts'

export interface Project {
  id: string
  created_at: Date
  updated_at: Date
  name: string
  description: string
  organization: { id: string }
}

export interface ProjectInput {
  name: string
  description?: string | undefined
}

const projectColumns = ['id', 'created_at', 'updated_at', 'name', 'description', 'organization_id'] as const

interface ProjectRow {
  id: string
  created_at: Date
  updated_at: Date
  name: string
  description: string
  organization_id: string
}

const toProject = ({ organization_id, ...row }: ProjectRow): Project => ({
  ...row,
  organization: { id: organization_id },
})

export async function createProject(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  input: ProjectInput,
): Promise<Project> {
  refuseSecretsInText({ name: input.name, description: input.description })
  await authorize(deps.db, ctx.principal, organizationId, 'projects:create')
  const name = input.name.trim()
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('projects')
        .values({ organization_id: organizationId, name, description: input.description ?? '' })
        .returning(projectColumns)
        .executeTakeFirstOrThrow()
      await recordAudit(trx, ctx, {
        organizationId,
        action: 'project.created',
        target: { type: 'project', id: row.id, name: row.name },
      })
      return toProject(row)
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateProject(name)
    throw error
  }
}

export async function listProjects(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
): Promise<Project[]> {
  await authorize(deps.db, ctx.principal, organizationId, 'projects:read')
  const rows = await deps.db
    .selectFrom('projects')
    .select(projectColumns)
    .where('organization_id', '=', organizationId)
    .orderBy('name')
    .orderBy('id')
    .execute()
  return rows.map(toProject)
}

export async function getProject(deps: Deps, ctx: RequestContext, projectId: string): Promise<Project> {
  const { project } = await authorizeOnProject(deps, ctx, projectId, 'projects:read')
  return project
}

export async function updateProject(
  deps: Deps,
  ctx: RequestContext,
  projectId: string,
  input: ProjectInput,
): Promise<Project> {
  refuseSecretsInText({ name: input.name, description: input.description })
  const { project: before } = await authorizeOnProject(deps, ctx, projectId, 'projects:write')
  const name = input.name.trim()
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('projects')
        .set({ name, description: input.description ?? before.description, updated_at: deps.now() })
        .where('id', '=', projectId)
        .returning(projectColumns)
        .executeTakeFirst()
      // Deleted by someone else since we looked: the same answer as if it never existed.
      if (!row) throw notFound('Project')
      await recordAudit(trx, ctx, {
        organizationId: row.organization_id,
        action: 'project.updated',
        target: { type: 'project', id: row.id, name: row.name },
        details: { before: { name: before.name, description: before.description } },
      })
      return toProject(row)
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateProject(name)
    throw error
  }
}

/** Deletes the project and, by the foreign key's cascade, its environments. */
export async function deleteProject(deps: Deps, ctx: RequestContext, projectId: string): Promise<void> {
  await authorizeOnProject(deps, ctx, projectId, 'projects:write')
  await deps.db.transaction().execute(async (trx) => {
    const environments = await trx
      .selectFrom('environments')
      .select(['id', 'name'])
      .where('project_id', '=', projectId)
      .orderBy('name')
      .execute()
    const deleted = await trx
      .deleteFrom('projects')
      .where('id', '=', projectId)
      .returning(['id', 'name', 'organization_id'])
      .executeTakeFirst()
    if (!deleted) throw notFound('Project')
    await recordAudit(trx, ctx, {
      organizationId: deleted.organization_id,
      action: 'project.deleted',
      target: { type: 'project', id: deleted.id, name: deleted.name },
      // The environments went with it; the trail says which, since they get no records of their own.
      details: { environments },
    })
  })
}

/**
 * Loads a project and checks the caller may act on it in its organization. A project that does
 * not exist and one in an organization the caller cannot see give the same 404, so ids from
 * elsewhere reveal nothing; only then does the role decide (403).
 */
export async function authorizeOnProject(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  projectId: string,
  action: Action,
): Promise<{ project: Project; access: OrganizationAccess }> {
  const row = await deps.db
    .selectFrom('projects')
    .select(projectColumns)
    .where('id', '=', projectId)
    .executeTakeFirst()
  if (!row) throw notFound('Project')
  const access = await authorizeAs(deps, ctx, row.organization_id, action, 'Project')
  return { project: toProject(row), access }
}

/**
 * `authorize`, with the "organization not found" of a resource addressed by its own id reworded
 * as "<what> was not found", the same words as for an id that does not exist.
 */
export async function authorizeAs(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  organizationId: string,
  action: Action,
  what: string,
): Promise<OrganizationAccess> {
  try {
    return await authorize(deps.db, ctx.principal, organizationId, action)
  } catch (error) {
    if (isGatehouseError(error, 'not_found')) throw notFound(what)
    throw error
  }
}

const duplicateProject = (name: string) =>
  nameTaken(`A project named "${name}" already exists in this organization.`)

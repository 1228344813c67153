import { nameTaken, notFound } from '../core/errors.ts'
import type { Action } from '../core/permissions.ts'
import type { RequestContext } from '../core/principal.ts'
import { refuseSecretsInText } from '../core/secrets.ts'
import type { EnvironmentMode } from '../store/schema.ts'
import { recordAudit } from './audit.ts'
import { isUniqueViolation } from './db-errors.ts'
import type { Deps } from './deps.ts'
import { authorizeAs, authorizeOnProject } from './projects.ts'

export const environmentModes = [
  'DEVELOPMENT',
  'PREVIEW',
  'STAGING',
  'PRODUCTION',
] as const satisfies readonly EnvironmentMode[]

export interface Environment {
  id: string
  created_at: Date
  updated_at: Date
  name: string
  mode: EnvironmentMode
  project: { id: string }
  organization: { id: string }
}

export interface EnvironmentInput {
  name: string
  mode: EnvironmentMode
}

const environmentColumns = [
  'id',
  'created_at',
  'updated_at',
  'name',
  'mode',
  'project_id',
  'organization_id',
] as const

interface EnvironmentRow {
  id: string
  created_at: Date
  updated_at: Date
  name: string
  mode: EnvironmentMode
  project_id: string
  organization_id: string
}

const toEnvironment = ({ project_id, organization_id, ...row }: EnvironmentRow): Environment => ({
  ...row,
  project: { id: project_id },
  organization: { id: organization_id },
})

export async function createEnvironment(
  deps: Deps,
  ctx: RequestContext,
  projectId: string,
  input: EnvironmentInput,
): Promise<Environment> {
  refuseSecretsInText({ name: input.name })
  const { project } = await authorizeOnProject(deps, ctx, projectId, 'projects:write')
  const name = input.name.trim()
  try {
    return await deps.db.transaction().execute(async (trx) => {
      // Holds the project until we commit, so a concurrent delete cannot leave us an orphan or a
      // foreign-key error: it waits, or it went first and we answer 404 like for any unknown id.
      const stillThere = await trx
        .selectFrom('projects')
        .select('id')
        .where('id', '=', projectId)
        .forKeyShare()
        .executeTakeFirst()
      if (!stillThere) throw notFound('Project')
      const row = await trx
        .insertInto('environments')
        .values({ project_id: projectId, organization_id: project.organization.id, name, mode: input.mode })
        .returning(environmentColumns)
        .executeTakeFirstOrThrow()
      await recordAudit(trx, ctx, {
        organizationId: row.organization_id,
        action: 'environment.created',
        target: { type: 'environment', id: row.id, name: row.name },
        details: { mode: row.mode, project: { id: project.id, name: project.name } },
      })
      return toEnvironment(row)
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateEnvironment(name)
    throw error
  }
}

export async function listEnvironments(
  deps: Deps,
  ctx: RequestContext,
  projectId: string,
): Promise<Environment[]> {
  await authorizeOnProject(deps, ctx, projectId, 'projects:read')
  const rows = await deps.db
    .selectFrom('environments')
    .select(environmentColumns)
    .where('project_id', '=', projectId)
    .orderBy('name')
    .orderBy('id')
    .execute()
  return rows.map(toEnvironment)
}

export async function getEnvironment(
  deps: Deps,
  ctx: RequestContext,
  environmentId: string,
): Promise<Environment> {
  return authorizeOnEnvironment(deps, ctx, environmentId, 'projects:read')
}

export async function updateEnvironment(
  deps: Deps,
  ctx: RequestContext,
  environmentId: string,
  input: EnvironmentInput,
): Promise<Environment> {
  refuseSecretsInText({ name: input.name })
  const before = await authorizeOnEnvironment(deps, ctx, environmentId, 'projects:write')
  const name = input.name.trim()
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('environments')
        .set({ name, mode: input.mode, updated_at: deps.now() })
        .where('id', '=', environmentId)
        .returning(environmentColumns)
        .executeTakeFirst()
      if (!row) throw notFound('Environment')
      await recordAudit(trx, ctx, {
        organizationId: row.organization_id,
        action: 'environment.updated',
        target: { type: 'environment', id: row.id, name: row.name },
        details: { before: { name: before.name, mode: before.mode }, project: { id: row.project_id } },
      })
      return toEnvironment(row)
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateEnvironment(name)
    throw error
  }
}

export async function deleteEnvironment(
  deps: Deps,
  ctx: RequestContext,
  environmentId: string,
): Promise<void> {
  await authorizeOnEnvironment(deps, ctx, environmentId, 'projects:write')
  await deps.db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('environments')
      .where('id', '=', environmentId)
      .returning(['id', 'name', 'mode', 'project_id', 'organization_id'])
      .executeTakeFirst()
    if (!deleted) throw notFound('Environment')
    await recordAudit(trx, ctx, {
      organizationId: deleted.organization_id,
      action: 'environment.deleted',
      target: { type: 'environment', id: deleted.id, name: deleted.name },
      details: { mode: deleted.mode, project: { id: deleted.project_id } },
    })
  })
}

/** Like authorizeOnProject: unknown and invisible environments give the same 404, before any 403. */
async function authorizeOnEnvironment(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  environmentId: string,
  action: Action,
): Promise<Environment> {
  const row = await deps.db
    .selectFrom('environments')
    .select(environmentColumns)
    .where('id', '=', environmentId)
    .executeTakeFirst()
  if (!row) throw notFound('Environment')
  await authorizeAs(deps, ctx, row.organization_id, action, 'Environment')
  return toEnvironment(row)
}

const duplicateEnvironment = (name: string) =>
  nameTaken(`An environment named "${name}" already exists in this project.`)

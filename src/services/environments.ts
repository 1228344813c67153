import type { Kysely } from 'kysely'
import { nameTaken, notFound } from '../core/errors.ts'
import { normalizeName } from '../core/names.ts'
import type { Page, PageRequest } from '../core/paging.ts'
import type { Action } from '../core/permissions.ts'
import type { RequestContext } from '../core/principal.ts'
import { visibleModes } from '../core/project-permissions.ts'
import { refuseSecretsInText } from '../core/secrets.ts'
import type { Database, EnvironmentMode } from '../store/schema.ts'
import { authorizeFound } from './authorize.ts'
import type { Deps } from './deps.ts'
import { readPage } from './paging.ts'
import { authorizeOnProject, withProject } from './projects.ts'
import { type WriteOptions, type WriteOutcome, withResource } from './write-path.ts'

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
  const name = normalizeName('name', input.name)
  return withProject(
    deps,
    ctx,
    projectId,
    // MANAGER on the new environment's mode, for a custom role.
    { holdProject: true, modes: [input.mode], onDuplicate: () => duplicateEnvironment(name) },
    async (trx, project) => {
      const row = await trx
        .insertInto('environments')
        .values({ project_id: projectId, organization_id: project.organization.id, name, mode: input.mode })
        .returning(environmentColumns)
        .executeTakeFirstOrThrow()
      return {
        value: toEnvironment(row),
        audit: {
          action: 'environment.created',
          target: { type: 'environment', id: row.id, name: row.name },
          details: { mode: row.mode, project: { id: project.id, name: project.name } },
        },
      }
    },
  )
}

/** By name, a page at a time (see readPage). */
export async function listEnvironments(
  deps: Deps,
  ctx: RequestContext,
  projectId: string,
  page: PageRequest,
): Promise<Page<Environment>> {
  const { access } = await authorizeOnProject(deps, ctx, projectId, 'projects:read')
  let query = deps.db
    .selectFrom('environments')
    .select(environmentColumns)
    .where('project_id', '=', projectId)
  // A custom role lists only the environments of the modes it sees in this project.
  if (access.projects) query = query.where('mode', 'in', visibleModes(access.projects.get(projectId)))
  const { results, next_cursor } = await readPage(
    query,
    {
      list: 'environments',
      scope: projectId,
      sortColumn: 'environments.name',
      idColumn: 'environments.id',
      direction: 'asc',
    },
    page,
  )
  return { results: results.map(toEnvironment), next_cursor }
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
  const name = normalizeName('name', input.name)
  return withEnvironment(
    deps,
    ctx,
    environmentId,
    // Moving it to another mode needs MANAGER there too.
    { modes: [input.mode], onDuplicate: () => duplicateEnvironment(name) },
    async (trx, before) => {
      const row = await trx
        .updateTable('environments')
        .set({ name, mode: input.mode, updated_at: deps.now() })
        .where('id', '=', environmentId)
        .returning(environmentColumns)
        .executeTakeFirst()
      if (!row) throw notFound('Environment')
      return {
        value: toEnvironment(row),
        audit: {
          action: 'environment.updated',
          target: { type: 'environment', id: row.id, name: row.name },
          details: { before: { name: before.name, mode: before.mode }, project: { id: row.project_id } },
        },
      }
    },
  )
}

export async function deleteEnvironment(
  deps: Deps,
  ctx: RequestContext,
  environmentId: string,
): Promise<void> {
  await withEnvironment(deps, ctx, environmentId, {}, async (trx) => {
    const deleted = await trx
      .deleteFrom('environments')
      .where('id', '=', environmentId)
      .returning(['id', 'name', 'mode', 'project_id'])
      .executeTakeFirst()
    if (!deleted) throw notFound('Environment')
    return {
      value: undefined,
      audit: {
        action: 'environment.deleted',
        target: { type: 'environment', id: deleted.id, name: deleted.name },
        details: { mode: deleted.mode, project: { id: deleted.project_id } },
      },
    }
  })
}

/** Like `withProject`, for a write addressed by an environment's id (MANAGER on its mode). */
async function withEnvironment<T>(
  deps: Deps,
  ctx: RequestContext,
  environmentId: string,
  options: Pick<WriteOptions, 'onDuplicate'> & { modes?: EnvironmentMode[] },
  write: (trx: Kysely<Database>, environment: Environment) => Promise<WriteOutcome<T>>,
): Promise<T> {
  const { modes, ...writeOptions } = options
  const resource = {
    table: 'environments',
    id: environmentId,
    what: 'Environment',
    hold: 'update',
    ...(modes ? { modes } : {}),
  } as const
  return withResource(
    deps,
    ctx,
    resource,
    'projects:write',
    { lock: 'share', ...writeOptions },
    async (trx) => write(trx, await findEnvironment(trx, environmentId)),
  )
}

/**
 * Like authorizeOnProject: unknown environments, those of organizations the caller cannot see and
 * those of modes a custom role does not see give the same 404, before any 403.
 */
export async function authorizeOnEnvironment(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  environmentId: string,
  action: Action,
): Promise<Environment> {
  const found = await deps.db
    .selectFrom('environments')
    .select(environmentColumns)
    .where('id', '=', environmentId)
    .executeTakeFirst()
  // Found or not, through the same gate: an unknown id costs what a foreign one does.
  const { row } = await authorizeFound(
    deps.db,
    ctx.principal,
    found,
    action,
    'Environment',
    environmentTarget,
  )
  return toEnvironment(row)
}

/** Where an action on an environment applies: its project, and its mode. */
export const environmentTarget = (row: { project_id: string; mode: EnvironmentMode }) => ({
  projectId: row.project_id,
  environmentMode: row.mode,
})

export async function findEnvironment(db: Kysely<Database>, environmentId: string): Promise<Environment> {
  const row = await db
    .selectFrom('environments')
    .select(environmentColumns)
    .where('id', '=', environmentId)
    .executeTakeFirst()
  if (!row) throw notFound('Environment')
  return toEnvironment(row)
}

const duplicateEnvironment = (name: string) =>
  nameTaken(`An environment named "${name}" already exists in this project.`)

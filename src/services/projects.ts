import { type Kysely, sql } from 'kysely'
import type { EnvironmentMode } from '../core/environment-modes.ts'
import { nameTaken, notFound } from '../core/errors.ts'
import { normalizeName, refuseDirectionControls } from '../core/names.ts'
import type { Page, PageRequest } from '../core/paging.ts'
import type { Action, OrganizationAccess } from '../core/permissions.ts'
import type { RequestContext } from '../core/principal.ts'
import { seesProject } from '../core/project-permissions.ts'
import { refuseSecretsInText } from '../core/secrets.ts'
import type { Database } from '../store/schema.ts'
import { authorize, authorizeFound } from './authorize.ts'
import type { Deps } from './deps.ts'
import { readPage } from './paging.ts'
import { type WriteOptions, type WriteOutcome, withOrganization, withResource } from './write-path.ts'

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
  const name = normalizeName('name', input.name)
  refuseDirectionControls({ description: input.description })
  return withOrganization(
    deps,
    ctx,
    organizationId,
    'projects:create',
    { lock: 'share', onDuplicate: () => duplicateProject(name) },
    async (trx) => {
      const row = await trx
        .insertInto('projects')
        .values({ organization_id: organizationId, name, description: input.description ?? '' })
        .returning(projectColumns)
        .executeTakeFirstOrThrow()
      return {
        value: toProject(row),
        audit: { action: 'project.created', target: { type: 'project', id: row.id, name: row.name } },
      }
    },
  )
}

/** By name, a page at a time (see readPage). */
export async function listProjects(
  deps: Deps,
  ctx: RequestContext,
  organizationId: string,
  page: PageRequest,
): Promise<Page<Project>> {
  const access = await authorize(deps.db, ctx.principal, organizationId, 'projects:read')
  let query = deps.db
    .selectFrom('projects')
    .select(projectColumns)
    .where('organization_id', '=', organizationId)
  // A custom role lists only the projects it sees: the others are as absent as elsewhere.
  if (access.projects) {
    const visible = [...access.projects].filter(([, grant]) => seesProject(grant)).map(([id]) => id)
    query = visible.length > 0 ? query.where('id', 'in', visible) : query.where(sql<boolean>`false`)
  }
  const { results, next_cursor } = await readPage(
    query,
    {
      list: 'projects',
      scope: organizationId,
      sortColumn: 'projects.name',
      idColumn: 'projects.id',
      direction: 'asc',
    },
    page,
  )
  return { results: results.map(toProject), next_cursor }
}

export async function getProject(deps: Deps, ctx: RequestContext, projectId: string): Promise<Project> {
  return (await authorizeOnProject(deps, ctx, projectId, 'projects:read')).project
}

export async function updateProject(
  deps: Deps,
  ctx: RequestContext,
  projectId: string,
  input: ProjectInput,
): Promise<Project> {
  refuseSecretsInText({ name: input.name, description: input.description })
  const name = normalizeName('name', input.name)
  refuseDirectionControls({ description: input.description })
  return withProject(
    deps,
    ctx,
    projectId,
    { onDuplicate: () => duplicateProject(name) },
    async (trx, before) => {
      const row = await trx
        .updateTable('projects')
        .set({ name, description: input.description ?? before.description, updated_at: deps.now() })
        .where('id', '=', projectId)
        .returning(projectColumns)
        .executeTakeFirst()
      // Deleted by someone else since we looked: the same answer as if it never existed.
      if (!row) throw notFound('Project')
      return {
        value: toProject(row),
        audit: {
          action: 'project.updated',
          target: { type: 'project', id: row.id, name: row.name },
          details: { before: { name: before.name, description: before.description } },
        },
      }
    },
  )
}

/** Deletes the project and, by the foreign key's cascade, its environments. */
export async function deleteProject(deps: Deps, ctx: RequestContext, projectId: string): Promise<void> {
  await withProject(deps, ctx, projectId, {}, async (trx) => {
    const environments = await trx
      .selectFrom('environments')
      .select(['id', 'name'])
      .where('project_id', '=', projectId)
      .orderBy('name')
      .execute()
    const deleted = await trx
      .deleteFrom('projects')
      .where('id', '=', projectId)
      .returning(['id', 'name'])
      .executeTakeFirst()
    if (!deleted) throw notFound('Project')
    return {
      value: undefined,
      audit: {
        action: 'project.deleted',
        target: { type: 'project', id: deleted.id, name: deleted.name },
        // The environments went with it; the trail says which, since they get no records of their own.
        details: { environments },
      },
    }
  })
}

/**
 * A write to a project or to what it holds, through `withResource`: 'projects:write' on the
 * project itself (a custom role needs is_admin), or on `modes` of it (MANAGER on each: creating an
 * environment). `write` gets the project as it is inside the transaction (gone meanwhile: the 404
 * of an unknown id). With `holdProject`, its row is held (key share) until the commit, so that a
 * concurrent delete cannot leave an orphan or a foreign-key error behind what is created in it.
 */
export async function withProject<T>(
  deps: Deps,
  ctx: RequestContext,
  projectId: string,
  options: Pick<WriteOptions, 'onDuplicate'> & { holdProject?: boolean; modes?: EnvironmentMode[] },
  write: (trx: Kysely<Database>, project: Project) => Promise<WriteOutcome<T>>,
): Promise<T> {
  const { holdProject = false, modes, ...writeOptions } = options
  const resource = {
    table: 'projects',
    id: projectId,
    what: 'Project',
    hold: holdProject ? 'key share' : 'update',
    ...(modes ? { modes } : {}),
  } as const
  return withResource(
    deps,
    ctx,
    resource,
    'projects:write',
    { lock: 'share', ...writeOptions },
    async (trx) => write(trx, await findProject(trx, projectId)),
  )
}

async function findProject(db: Kysely<Database>, projectId: string): Promise<Project> {
  const row = await db
    .selectFrom('projects')
    .select(projectColumns)
    .where('id', '=', projectId)
    .executeTakeFirst()
  if (!row) throw notFound('Project')
  return toProject(row)
}

/**
 * Loads a project and checks the caller may take `action` on it. A project that does not exist,
 * one in an organization the caller cannot see and one a custom role does not see give the same
 * 404, so ids from elsewhere reveal nothing; only then does the role decide (403). The caller's
 * access comes back too, for what a custom role may see inside the project.
 */
export async function authorizeOnProject(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  projectId: string,
  action: Action,
): Promise<{ project: Project; access: OrganizationAccess }> {
  const found = await deps.db
    .selectFrom('projects')
    .select(projectColumns)
    .where('id', '=', projectId)
    .executeTakeFirst()
  // Found or not, through the same gate: an unknown id costs what a foreign one does.
  const { row, access } = await authorizeFound(
    deps.db,
    ctx.principal,
    found,
    action,
    'Project',
    (project) => ({
      projectId: project.id,
    }),
  )
  return { project: toProject(row), access }
}

const duplicateProject = (name: string) =>
  nameTaken(`A project named "${name}" already exists in this organization.`)

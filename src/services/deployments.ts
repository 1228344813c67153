import { notFound } from '../core/errors.ts'
import type { Page, PageRequest } from '../core/paging.ts'
import { actorOf, type RequestContext } from '../core/principal.ts'
import { refuseSecretsInText } from '../core/secrets.ts'
import type { DeploymentStatus } from '../store/schema.ts'
import type { Deps } from './deps.ts'
import { authorizeOnEnvironment, findEnvironment } from './environments.ts'
import { readPage } from './paging.ts'
import { withResource } from './write-path.ts'

/**
 * Deployments: a request to deploy a version (a git sha or tag) of an environment, and who made
 * it. Gatehouse does not run them: it is the authorization point and the record a CI token is
 * scoped against. Requesting one takes 'deployments:create' on the environment (a custom role:
 * DEPLOYER on its mode); listing them, reading the environment.
 */
export interface Deployment {
  id: string
  created_at: Date
  environment: { id: string }
  version: string
  status: DeploymentStatus
  requested_by: { type: 'user' | 'api_token'; id: string; name: string }
}

const deploymentColumns = [
  'id',
  'created_at',
  'environment_id',
  'version',
  'status',
  'requester_type',
  'requester_id',
  'requester_name',
] as const

interface DeploymentRow {
  id: string
  created_at: Date
  environment_id: string
  version: string
  status: DeploymentStatus
  requester_type: 'user' | 'api_token'
  requester_id: string
  requester_name: string
}

const toDeployment = (row: DeploymentRow): Deployment => ({
  id: row.id,
  created_at: row.created_at,
  environment: { id: row.environment_id },
  version: row.version,
  status: row.status,
  requested_by: { type: row.requester_type, id: row.requester_id, name: row.requester_name },
})

export async function createDeployment(
  deps: Deps,
  ctx: RequestContext,
  environmentId: string,
  input: { version: string },
): Promise<Deployment> {
  refuseSecretsInText({ version: input.version })
  const requester = actorOf(ctx.principal)
  // The environment is held (share) until the commit: it cannot change mode between the check
  // of the caller's right on that mode and the record.
  const resource = { table: 'environments', id: environmentId, what: 'Environment', hold: 'share' } as const
  return withResource(deps, ctx, resource, 'deployments:create', { lock: 'share' }, async (trx) => {
    const environment = await findEnvironment(trx, environmentId)
    const row = await trx
      .insertInto('deployments')
      .values({
        organization_id: environment.organization.id,
        environment_id: environment.id,
        version: input.version,
        requester_type: requester.type,
        requester_id: requester.id,
        requester_name: requester.name,
      })
      .returning(deploymentColumns)
      .executeTakeFirst()
    if (!row) throw notFound('Environment')
    return {
      value: toDeployment(row),
      audit: {
        action: 'deployment.requested',
        target: { type: 'environment', id: environment.id, name: environment.name },
        details: {
          deployment: { id: row.id, version: row.version },
          mode: environment.mode,
          project: { id: environment.project.id },
        },
      },
    }
  })
}

/** Newest first, a page at a time (see readPage). */
export async function listDeployments(
  deps: Deps,
  ctx: RequestContext,
  environmentId: string,
  page: PageRequest,
): Promise<Page<Deployment>> {
  await authorizeOnEnvironment(deps, ctx, environmentId, 'projects:read')
  const { results, next_cursor } = await readPage(
    deps.db.selectFrom('deployments').select(deploymentColumns).where('environment_id', '=', environmentId),
    {
      list: 'deployments',
      scope: environmentId,
      sortColumn: 'deployments.created_at',
      idColumn: 'deployments.id',
      direction: 'desc',
    },
    page,
  )
  return { results: results.map(toDeployment), next_cursor }
}

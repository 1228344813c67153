/**
 * The custom-role case of `npm run bench` (issue 12): tokens holding a custom role with DEPLOYER on
 * the STAGING environments of one project, against tokens of the built-in admin role, on the reads
 * a CI job makes (the project, its deployments) and on requesting deployments. A custom role's
 * grants are cached with the credential, so its figures should match the admin token's: neither
 * pays a query for its permissions. Kept apart from bench/run.ts, which calls it once per database.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { http } from '../test/support/process.ts'

interface LoadResult {
  requestsPerSecond: number
  latencyMs: { p50: number; p99: number }
  requests: number
  errors: number
  timeouts: number
  statuses: Record<string, number>
}

export interface CustomRoleBenchOptions {
  base: string
  session: string
  organizationId: string
  scratch: string
  /** Drives GET `path` (under /api) with the authorizations in the file, in turn. */
  load: (path: string, authorizationsFile: string, amount?: number) => LoadResult
  tokens?: number
  deployments?: number
}

export async function benchCustomRoleToken(options: CustomRoleBenchOptions) {
  const { base, session, organizationId, scratch, load } = options
  const tokenCount = options.tokens ?? 1000
  const deploymentCount = options.deployments ?? 1000
  const as = (authorization: string, body?: unknown) => ({ authorization, ...(body ? { body } : {}) })
  const ok = <T extends { status: number; text: string }>(response: T, status: number, what: string): T => {
    if (response.status !== status) throw new Error(`${what}: ${response.status} ${response.text}`)
    return response
  }

  // The client's pooled connections sat idle through the loads before this one; the server may
  // have closed them, and a POST is not retried: spend them on idempotent GETs first.
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      if ((await http(base, 'GET', '/healthz')).status === 200) break
    } catch {}
  }

  const web = ok(
    await http(base, 'POST', `/organization/${organizationId}/project`, as(session, { name: 'web' })),
    201,
    'project',
  )
  const staging = ok(
    await http(
      base,
      'POST',
      `/project/${web.body.id}/environment`,
      as(session, { name: 'staging', mode: 'STAGING' }),
    ),
    201,
    'environment',
  )
  // Other projects the role does not see, so that its grants are a real lookup among several.
  for (let i = 0; i < 20; i++)
    ok(
      await http(
        base,
        'POST',
        `/organization/${organizationId}/project`,
        as(session, { name: `other-${i}` }),
      ),
      201,
      'project',
    )
  const role = ok(
    await http(base, 'POST', `/organization/${organizationId}/customRole`, as(session, { name: 'ci' })),
    201,
    'role',
  )
  ok(
    await http(
      base,
      'PUT',
      `/organization/${organizationId}/customRole/${role.body.id}`,
      as(session, {
        name: 'ci',
        cluster_permissions: [],
        project_permissions: [
          {
            project_id: web.body.id,
            is_admin: false,
            permissions: [{ environment_type: 'STAGING', permission: 'DEPLOYER' }],
          },
        ],
      }),
    ),
    200,
    'role edit',
  )

  // Under the load of a shared machine PostgreSQL may answer 503 (Retry-After 1): ask again.
  const retrying = async <T extends { status: number }>(request: () => Promise<T>): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      const response = await request()
      if (response.status !== 503 || attempt >= 5) return response
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
  }
  const mint = async (roleId: string | null, prefix: string) => {
    const values: string[] = []
    for (let i = 0; i < tokenCount; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(20, tokenCount - i) }, (_, j) =>
          retrying(() =>
            http(
              base,
              'POST',
              `/organization/${organizationId}/apiToken`,
              as(session, { name: `${prefix}-${i + j}`, role_id: roleId }),
            ),
          ),
        ),
      )
      for (const created of batch) values.push(`Token ${ok(created, 201, 'token').body.token}`)
    }
    const file = join(scratch, `${prefix}.txt`)
    writeFileSync(file, values.join('\n'), { mode: 0o600 })
    return { values, file }
  }
  const custom = await mint(role.body.id, 'custom-role')
  const admin = await mint(null, 'admin-role')

  const projectPath = `/project/${web.body.id}`
  const deploymentsPath = `/environment/${staging.body.id}/deployment?limit=10`
  // Each token used once first: the figures are the steady state, credentials cached.
  load('/auth/whoami', custom.file, tokenCount)
  load('/auth/whoami', admin.file, tokenCount)

  const started = performance.now()
  let next = 0
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < deploymentCount) {
        const authorization = custom.values[next++ % custom.values.length] as string
        ok(
          await http(
            base,
            'POST',
            `/environment/${staging.body.id}/deployment`,
            as(authorization, { version: 'a1b2c3d' }),
          ),
          201,
          'deployment',
        )
      }
    }),
  )
  const deploySeconds = (performance.now() - started) / 1000

  return {
    customRoleTokens: tokenCount,
    'GET /api/project/{id} (custom-role token)': load(projectPath, custom.file),
    'GET /api/project/{id} (admin token)': load(projectPath, admin.file),
    'GET /api/environment/{id}/deployment (custom-role token)': load(deploymentsPath, custom.file),
    'GET /api/environment/{id}/deployment (admin token)': load(deploymentsPath, admin.file),
    deploymentsRequestedPerSecond: Math.round(deploymentCount / deploySeconds),
  }
}

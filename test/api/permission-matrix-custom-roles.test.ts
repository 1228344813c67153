import { expect, it } from 'vitest'
import {
  type ApiResponse,
  addMember,
  type Credential,
  call,
  createOrganization,
  signUpAndLogIn,
  type TestOrganization,
  uniqueSuffix,
} from '../support/api.ts'
import {
  createCustomRole,
  createEnvironment,
  createProject,
  type ProjectGrantInput,
} from '../support/fixtures.ts'
import { describeEachDatabase, type TestGatehouse } from '../support/harness.ts'

/**
 * The permission matrix for custom roles (issue 12), transcribed by hand from the words,
 * not derived from src/core: each custom role below, held by a member and by an API token, walks
 * every project, environment and deployment route (and the organization routes a custom role must
 * never pass), and each answer's status must be exactly the one written here.
 *
 * The world: project `web` with a STAGING environment `staging` and a DEVELOPMENT one `dev`; project
 * `api` with a STAGING environment. Every role below is about `web` only.
 */
const roles = {
  'VIEWER on STAGING': [{ permissions: { STAGING: 'VIEWER' } }],
  'DEPLOYER on STAGING': [{ permissions: { STAGING: 'DEPLOYER' } }],
  'MANAGER on STAGING': [{ permissions: { STAGING: 'MANAGER' } }],
  'admin of the project': [{ is_admin: true }],
  'NO_ACCESS anywhere': [],
} satisfies Record<string, Omit<ProjectGrantInput, 'project_id'>[]>
type RoleName = keyof typeof roles

interface World {
  org: TestOrganization
  web: string
  api: string
  staging: string
  dev: string
  apiStaging: string
}

type Probe = (gh: TestGatehouse, as: Credential, w: World) => Promise<ApiResponse>
//                             VIEWER DEPLOYER MANAGER admin NONE
type Row = [string, Probe, [number, number, number, number, number]]

const get =
  (path: (w: World) => string): Probe =>
  (gh, as, w) =>
    call(gh, 'GET', path(w), { as })
const send =
  (method: 'POST' | 'PUT' | 'DELETE', path: (w: World) => string, body?: () => unknown): Probe =>
  (gh, as, w) =>
    call(gh, method, path(w), { as, ...(body ? { body: body() } : {}) })
const renamed = (mode: string) => () => ({ name: `e ${uniqueSuffix()}`, mode })

/** In order: the destructive probes come last. */
const table: Row[] = [
  // The organization: a custom role reads it, and manages nothing in it.
  ['GET organization', get((w) => `/organization/${w.org.id}`), [200, 200, 200, 200, 200]],
  ['GET member', get((w) => `/organization/${w.org.id}/member`), [200, 200, 200, 200, 200]],
  ['GET apiToken', get((w) => `/organization/${w.org.id}/apiToken`), [403, 403, 403, 403, 403]],
  [
    'POST apiToken',
    send(
      'POST',
      (w) => `/organization/${w.org.id}/apiToken`,
      () => ({ name: `t ${uniqueSuffix()}` }),
    ),
    [403, 403, 403, 403, 403],
  ],
  ['GET customRole', get((w) => `/organization/${w.org.id}/customRole`), [403, 403, 403, 403, 403]],
  [
    'POST customRole',
    send(
      'POST',
      (w) => `/organization/${w.org.id}/customRole`,
      () => ({ name: `r ${uniqueSuffix()}` }),
    ),
    [403, 403, 403, 403, 403],
  ],
  [
    'POST inviteMember',
    send(
      'POST',
      (w) => `/organization/${w.org.id}/inviteMember`,
      () => ({
        email: `x-${uniqueSuffix()}@example.test`,
      }),
    ),
    [403, 403, 403, 403, 403],
  ],
  ['GET auditEvent', get((w) => `/organization/${w.org.id}/auditEvent`), [403, 403, 403, 403, 403]],
  [
    'PUT organization',
    send(
      'PUT',
      (w) => `/organization/${w.org.id}`,
      () => ({ name: `o ${uniqueSuffix()}` }),
    ),
    [403, 403, 403, 403, 403],
  ],
  // Projects.
  ['GET project list', get((w) => `/organization/${w.org.id}/project`), [200, 200, 200, 200, 200]],
  [
    'POST project',
    send(
      'POST',
      (w) => `/organization/${w.org.id}/project`,
      () => ({ name: `p ${uniqueSuffix()}` }),
    ),
    [403, 403, 403, 403, 403],
  ],
  ['GET project web', get((w) => `/project/${w.web}`), [200, 200, 200, 200, 404]],
  ['GET project api', get((w) => `/project/${w.api}`), [404, 404, 404, 404, 404]],
  [
    'PUT project web',
    send(
      'PUT',
      (w) => `/project/${w.web}`,
      () => ({ name: `web ${uniqueSuffix()}` }),
    ),
    [403, 403, 403, 200, 404],
  ],
  // Environments.
  ['GET environment list of web', get((w) => `/project/${w.web}/environment`), [200, 200, 200, 200, 404]],
  ['GET environment list of api', get((w) => `/project/${w.api}/environment`), [404, 404, 404, 404, 404]],
  [
    'POST STAGING environment in web',
    send('POST', (w) => `/project/${w.web}/environment`, renamed('STAGING')),
    [403, 403, 201, 201, 404],
  ],
  [
    'POST PRODUCTION environment in web',
    send('POST', (w) => `/project/${w.web}/environment`, renamed('PRODUCTION')),
    [403, 403, 403, 201, 404],
  ],
  ['GET environment staging', get((w) => `/environment/${w.staging}`), [200, 200, 200, 200, 404]],
  ['GET environment dev', get((w) => `/environment/${w.dev}`), [404, 404, 404, 200, 404]],
  ['GET environment api staging', get((w) => `/environment/${w.apiStaging}`), [404, 404, 404, 404, 404]],
  [
    'PUT environment staging, same mode',
    send('PUT', (w) => `/environment/${w.staging}`, renamed('STAGING')),
    [403, 403, 200, 200, 404],
  ],
  [
    'PUT environment staging to PRODUCTION',
    send('PUT', (w) => `/environment/${w.staging}`, renamed('PRODUCTION')),
    [403, 403, 403, 200, 404],
  ],
  [
    'PUT environment api staging',
    send('PUT', (w) => `/environment/${w.apiStaging}`, renamed('STAGING')),
    [404, 404, 404, 404, 404],
  ],
  // Deployments (after the admin moved `staging` to PRODUCTION it still manages it).
  [
    'GET deployments of staging',
    get((w) => `/environment/${w.staging}/deployment`),
    [200, 200, 200, 200, 404],
  ],
  [
    'POST deployment of staging',
    send(
      'POST',
      (w) => `/environment/${w.staging}/deployment`,
      () => ({ version: 'a1b2c3d' }),
    ),
    [403, 201, 201, 201, 404],
  ],
  ['GET deployments of dev', get((w) => `/environment/${w.dev}/deployment`), [404, 404, 404, 200, 404]],
  [
    'POST deployment of dev',
    send(
      'POST',
      (w) => `/environment/${w.dev}/deployment`,
      () => ({ version: 'v1.2.3' }),
    ),
    [404, 404, 404, 201, 404],
  ],
  [
    'POST deployment of api staging',
    send(
      'POST',
      (w) => `/environment/${w.apiStaging}/deployment`,
      () => ({ version: 'v1.2.3' }),
    ),
    [404, 404, 404, 404, 404],
  ],
  // Destructive.
  [
    'DELETE environment api staging',
    send('DELETE', (w) => `/environment/${w.apiStaging}`),
    [404, 404, 404, 404, 404],
  ],
  [
    'DELETE environment staging',
    send('DELETE', (w) => `/environment/${w.staging}`),
    [403, 403, 204, 204, 404],
  ],
  ['DELETE project api', send('DELETE', (w) => `/project/${w.api}`), [404, 404, 404, 404, 404]],
  ['DELETE project web', send('DELETE', (w) => `/project/${w.web}`), [403, 403, 403, 204, 404]],
]

const column: Record<RoleName, number> = {
  'VIEWER on STAGING': 0,
  'DEPLOYER on STAGING': 1,
  'MANAGER on STAGING': 2,
  'admin of the project': 3,
  'NO_ACCESS anywhere': 4,
}

async function makeWorld(gh: TestGatehouse, role: RoleName, kind: 'member' | 'token') {
  const owner = await signUpAndLogIn(gh, 'Owner')
  const org = await createOrganization(gh, owner)
  const web = await createProject(gh, org, { name: 'web' })
  const api = await createProject(gh, org, { name: 'api' })
  const staging = await createEnvironment(gh, org, web.id, { name: 'staging', mode: 'STAGING' })
  const dev = await createEnvironment(gh, org, web.id, { name: 'dev', mode: 'DEVELOPMENT' })
  const apiStaging = await createEnvironment(gh, org, api.id, { name: 'staging', mode: 'STAGING' })
  const custom = await createCustomRole(gh, org, {
    name: role,
    projects: roles[role].map((grant) => ({ project_id: web.id, ...grant })),
  })
  let as: Credential
  if (kind === 'member') {
    const member = await addMember(gh, org, 'viewer')
    const changed = await call(gh, 'PUT', `/organization/${org.id}/member`, {
      as: owner.as,
      body: { user_id: member.id, role_id: custom.id },
    })
    expect(changed.status, changed.text).toBe(200)
    as = member.as
  } else {
    const created = await call(gh, 'POST', `/organization/${org.id}/apiToken`, {
      as: owner.as,
      body: { name: `ci ${uniqueSuffix()}`, role_id: custom.id },
    })
    expect(created.status, created.text).toBe(201)
    as = { token: created.body.token }
  }
  const world: World = {
    org,
    web: web.id,
    api: api.id,
    staging: staging.id,
    dev: dev.id,
    apiStaging: apiStaging.id,
  }
  return { as, world }
}

describeEachDatabase('the permission matrix of custom roles, walked', (gatehouse) => {
  for (const role of Object.keys(roles) as RoleName[]) {
    for (const kind of ['member', 'token'] as const) {
      it(`${role}, held by ${kind === 'member' ? "a member's session" : 'an API token'}`, async () => {
        const gh = gatehouse()
        const { as, world } = await makeWorld(gh, role, kind)
        const mismatches: string[] = []
        for (const [name, probe, expected] of table) {
          const response = await probe(gh, as, world)
          const status = expected[column[role]]
          if (response.status !== status)
            mismatches.push(`${name}: expected ${status}, got ${response.status} ${response.text}`)
          else if (status === 404) expect(response.body.reason, name).toBe('not_found')
        }
        expect(mismatches).toEqual([])
      })
    }
  }
})

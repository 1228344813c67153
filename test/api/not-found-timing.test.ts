import { randomUUID } from 'node:crypto'
import type { Kysely, KyselyPlugin } from 'kysely'
import { expect, it } from 'vitest'
import type { Database } from '../../src/store/schema.ts'
import {
  addMember,
  type Credential,
  call,
  createApiToken,
  createOrganization,
  signUpAndLogIn,
} from '../support/api.ts'
import { createCustomRole, createEnvironment, createProject } from '../support/fixtures.ts'
import { describeEachDatabase, type TestGatehouse } from '../support/harness.ts'

/**
 * An id of another organization's project and an id no row has must answer alike, and take the
 * same time: otherwise a caller learns which ids exist elsewhere by timing the 404s. Timing
 * assertions would be flaky; what decides the time is the work done, so this test checks that both
 * run the very same SQL statements, in the same order (only the ids they carry differ).
 */
describeEachDatabase(
  'An unknown id and another organization’s id do the same work',
  (gatehouse) => {
    const routes = [
      { method: 'GET', path: (ids: Ids) => `/project/${ids.project}` },
      { method: 'PUT', path: (ids: Ids) => `/project/${ids.project}`, body: { name: 'renamed' } },
      { method: 'DELETE', path: (ids: Ids) => `/project/${ids.project}` },
      { method: 'GET', path: (ids: Ids) => `/project/${ids.project}/environment` },
      {
        method: 'POST',
        path: (ids: Ids) => `/project/${ids.project}/environment`,
        body: { name: 'staging', mode: 'STAGING' },
      },
      { method: 'GET', path: (ids: Ids) => `/environment/${ids.environment}` },
      {
        method: 'PUT',
        path: (ids: Ids) => `/environment/${ids.environment}`,
        body: { name: 'renamed', mode: 'STAGING' },
      },
      { method: 'DELETE', path: (ids: Ids) => `/environment/${ids.environment}` },
      { method: 'GET', path: (ids: Ids) => `/environment/${ids.environment}/deployment` },
      {
        method: 'POST',
        path: (ids: Ids) => `/environment/${ids.environment}/deployment`,
        body: { version: 'v1.0.0' },
      },
    ] as const

    /** Each route sent with `hidden` ids and with unknown ones must run the very same statements. */
    async function expectSameWork(as: Credential, hidden: Ids) {
      const unknown: Ids = { project: randomUUID(), environment: randomUUID() }
      // Warm the credential cache and the last-activity touch: later requests query only what
      // the route itself needs.
      expect((await call(gatehouse(), 'GET', '/auth/whoami', { as })).status).toBe(200)
      for (const route of routes) {
        const body = 'body' in route ? route.body : undefined
        const send = (ids: Ids) => call(gatehouse(), route.method, route.path(ids), { as, body })
        const ofHidden = await recordingQueries(gatehouse(), () => send(hidden))
        const ofUnknown = await recordingQueries(gatehouse(), () => send(unknown))
        const label = `${route.method} ${route.path({ project: '{project}', environment: '{environment}' })}`
        expect(ofHidden.answer.status, label).toBe(404)
        expect(ofUnknown.answer.status, label).toBe(404)
        expect(ofUnknown.answer.text, label).toBe(ofHidden.answer.text)
        expect(routeWork(ofUnknown.statements), label).toEqual(routeWork(ofHidden.statements))
        // The gate is reached both times (the caller's membership or the token's organization).
        expect(routeWork(ofHidden.statements).length, label).toBeGreaterThanOrEqual(1)
      }
    }

    it('for a signed-in user and for an API token, on every route addressed by a project or environment id', async () => {
      const stranger = await signUpAndLogIn(gatehouse())
      const strangerOrg = await createOrganization(gatehouse(), stranger)
      const owner = await signUpAndLogIn(gatehouse())
      const org = await createOrganization(gatehouse(), owner)
      const project = await createProject(gatehouse(), strangerOrg)
      const environment = await createEnvironment(gatehouse(), strangerOrg, project.id)
      const foreign: Ids = { project: project.id, environment: environment.id }
      const token = await createApiToken(gatehouse(), org, 'admin')
      for (const as of [owner.as, token.as]) await expectSameWork(as, foreign)
      // Nothing of the stranger's was touched.
      const still = await call(gatehouse(), 'GET', `/environment/${environment.id}`, { as: stranger.as })
      expect(still.status).toBe(200)
      expect(still.body.name).toBe(environment.name)
    })

    it("for a custom role's member and token, on what its own organization has and the role does not see", async () => {
      const owner = await signUpAndLogIn(gatehouse())
      const org = await createOrganization(gatehouse(), owner)
      const web = await createProject(gatehouse(), org, { name: 'web' })
      const api = await createProject(gatehouse(), org, { name: 'api' })
      const production = await createEnvironment(gatehouse(), org, web.id, { mode: 'PRODUCTION' })
      await createEnvironment(gatehouse(), org, api.id, { mode: 'STAGING' })
      const role = await createCustomRole(gatehouse(), org, {
        projects: [{ project_id: web.id, permissions: { STAGING: 'DEPLOYER' } }],
      })
      const member = await addMember(gatehouse(), org, 'viewer')
      const changed = await call(gatehouse(), 'PUT', `/organization/${org.id}/member`, {
        as: owner.as,
        body: { user_id: member.id, role_id: role.id },
      })
      expect(changed.status).toBe(200)
      const created = await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken`, {
        as: owner.as,
        body: { name: 'ci', role_id: role.id },
      })
      expect(created.status).toBe(201)
      // A project it does not see at all, and an environment of a mode it does not see.
      const hidden: Ids = { project: api.id, environment: production.id }
      for (const as of [member.as, { token: created.body.token }]) await expectSameWork(as, hidden)
    })
  },
  // A Gatehouse of its own: the test swaps its database handle for a recording one.
  { GATEHOUSE_AUTH_CACHE_TTL_SECONDS: '300' },
)

interface Ids {
  project: string
  environment: string
}

/** Runs `request` with every SQL statement the server runs recorded (text only, not parameters). */
/**
 * The statements a route runs for its ids, without the credential's own look-up: that one depends
 * on whether the auth cache may be served at that moment (its lease lapses on a loaded machine),
 * not on the ids, and it is the same for both requests when it happens.
 */
function routeWork(statements: string[]): string[] {
  return statements.filter((statement) => !statement.includes('"token_digest"'))
}

async function recordingQueries<T>(
  gatehouse: TestGatehouse,
  request: () => Promise<T>,
): Promise<{ answer: T; statements: string[] }> {
  const db: Kysely<Database> = gatehouse.deps.db
  const statements: string[] = []
  const recorder: KyselyPlugin = {
    transformQuery({ node, queryId }) {
      statements.push(db.getExecutor().compileQuery(node, queryId).sql)
      return node
    },
    transformResult: async ({ result }) => result,
  }
  gatehouse.deps.db = db.withPlugin(recorder)
  try {
    return { answer: await request(), statements }
  } finally {
    gatehouse.deps.db = db
  }
}

import { CompiledQuery } from 'kysely'
import pg from 'pg'
import { beforeAll, expect, it } from 'vitest'
import {
  addMember,
  call,
  createApiToken,
  createOrganization,
  signUpAndLogIn,
  type TestOrganization,
  type TestUser,
  uniqueSuffix,
} from '../support/api.ts'
import { describeEachDatabase, type TestGatehouse } from '../support/harness.ts'

/**
 * Every organization-scoped write, racing the demotion or removal of the member making it. The
 * write passes the first check with the old role; it must still be refused (403 or 404) and
 * change nothing, because it checks again once it holds the organization row.
 *
 * On PostgreSQL the race is made deterministic: a transaction on a connection of the test's own
 * demotes or removes the member and locks the organization row; the request is sent, and the
 * transaction commits only once the request's backend waits on a lock. On PGlite (one
 * connection, every transaction serialized) the demotion simply comes first.
 */

type Query = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>
type Method = 'POST' | 'PUT' | 'DELETE'

interface Scene {
  org: TestOrganization
  actor: TestUser
  /** Ids the write needs: a token, an invitation, a member, a project, an environment. */
  ids: Record<string, string>
}

interface Write {
  name: string
  /** The owner's writes are raced by a transfer of ownership; the others by a demotion or removal. */
  actor: 'owner' | 'admin'
  prepare?: (gh: TestGatehouse, scene: Scene) => Promise<Record<string, string>>
  request: (scene: Scene) => { method: Method; path: string; body?: unknown }
}

const mode = 'DEVELOPMENT'

const writes: Write[] = [
  {
    name: 'token create',
    actor: 'admin',
    request: ({ org }) => ({
      method: 'POST',
      path: `/organization/${org.id}/apiToken`,
      body: { name: `t-${uniqueSuffix()}`, role_id: org.roles.viewer },
    }),
  },
  {
    name: 'token delete',
    actor: 'admin',
    prepare: async (gh, { org }) => ({ token: (await createApiToken(gh, org, 'viewer')).id }),
    request: ({ org, ids }) => ({ method: 'DELETE', path: `/organization/${org.id}/apiToken/${ids.token}` }),
  },
  {
    name: 'member role change',
    actor: 'admin',
    prepare: async (gh, { org }) => ({ member: (await addMember(gh, org, 'viewer')).id }),
    request: ({ org, ids }) => ({
      method: 'PUT',
      path: `/organization/${org.id}/member`,
      body: { user_id: ids.member, role_id: org.roles.devops },
    }),
  },
  {
    name: 'member remove',
    actor: 'admin',
    prepare: async (gh, { org }) => ({ member: (await addMember(gh, org, 'viewer')).id }),
    request: ({ org, ids }) => ({
      method: 'DELETE',
      path: `/organization/${org.id}/member`,
      body: { user_id: ids.member },
    }),
  },
  {
    name: 'transfer ownership',
    actor: 'owner',
    prepare: async (gh, { org }) => ({ member: (await addMember(gh, org, 'viewer')).id }),
    request: ({ org, ids }) => ({
      method: 'POST',
      path: `/organization/${org.id}/transferOwnership`,
      body: { user_id: ids.member },
    }),
  },
  {
    name: 'invitation create',
    actor: 'admin',
    request: ({ org }) => ({
      method: 'POST',
      path: `/organization/${org.id}/inviteMember`,
      body: { email: `invitee-${uniqueSuffix()}@example.test`, role_id: org.roles.viewer },
    }),
  },
  {
    name: 'invitation withdraw',
    actor: 'admin',
    prepare: async (gh, { org }) => ({
      invitation: await created(gh, org.owner, 'POST', `/organization/${org.id}/inviteMember`, {
        email: `invitee-${uniqueSuffix()}@example.test`,
        role_id: org.roles.viewer,
      }),
    }),
    request: ({ org, ids }) => ({
      method: 'DELETE',
      path: `/organization/${org.id}/inviteMember/${ids.invitation}`,
    }),
  },
  {
    name: 'organization update',
    actor: 'admin',
    request: ({ org }) => ({ method: 'PUT', path: `/organization/${org.id}`, body: { name: 'Renamed' } }),
  },
  {
    name: 'organization delete',
    actor: 'owner',
    request: ({ org }) => ({ method: 'DELETE', path: `/organization/${org.id}` }),
  },
  {
    name: 'project create',
    actor: 'admin',
    request: ({ org }) => ({ method: 'POST', path: `/organization/${org.id}/project`, body: { name: 'p' } }),
  },
  {
    name: 'project update',
    actor: 'admin',
    prepare: async (gh, { org }) => ({ project: await createProject(gh, org) }),
    request: ({ ids }) => ({ method: 'PUT', path: `/project/${ids.project}`, body: { name: 'renamed' } }),
  },
  {
    name: 'project delete',
    actor: 'admin',
    prepare: async (gh, { org }) => ({ project: await createProject(gh, org) }),
    request: ({ ids }) => ({ method: 'DELETE', path: `/project/${ids.project}` }),
  },
  {
    name: 'environment create',
    actor: 'admin',
    prepare: async (gh, { org }) => ({ project: await createProject(gh, org) }),
    request: ({ ids }) => ({
      method: 'POST',
      path: `/project/${ids.project}/environment`,
      body: { name: 'e', mode },
    }),
  },
  {
    name: 'environment update',
    actor: 'admin',
    prepare: async (gh, { org }) => ({ environment: await createEnvironment(gh, org) }),
    request: ({ ids }) => ({
      method: 'PUT',
      path: `/environment/${ids.environment}`,
      body: { name: 'renamed', mode: 'PRODUCTION' },
    }),
  },
  {
    name: 'environment delete',
    actor: 'admin',
    prepare: async (gh, { org }) => ({ environment: await createEnvironment(gh, org) }),
    request: ({ ids }) => ({ method: 'DELETE', path: `/environment/${ids.environment}` }),
  },
]

/** What happens to the actor at the same moment, as SQL on the test's own connection. */
const changes = {
  'demoted to viewer': (query: Query, { org, actor }: Scene) =>
    query('update memberships set role_id = $1 where organization_id = $2 and user_id = $3', [
      org.roles.viewer,
      org.id,
      actor.id,
    ]),
  'demoted to billing': (query: Query, { org, actor }: Scene) =>
    query('update memberships set role_id = $1 where organization_id = $2 and user_id = $3', [
      org.roles.billing,
      org.id,
      actor.id,
    ]),
  removed: (query: Query, { org, actor }: Scene) =>
    query('delete from memberships where organization_id = $1 and user_id = $2', [org.id, actor.id]),
  'made admin by a transfer of ownership': async (query: Query, { org, actor }: Scene) => {
    const heir = await query(
      `insert into users (email, name, password_hash) values ($1, 'Heir', 'x') returning id`,
      [`heir-${uniqueSuffix()}@example.test`],
    )
    const heirId = heir[0]?.id
    await query('update memberships set role_id = $1 where organization_id = $2 and user_id = $3', [
      org.roles.admin,
      org.id,
      actor.id,
    ])
    await query('insert into memberships (organization_id, user_id, role_id) values ($1, $2, $3)', [
      org.id,
      heirId,
      org.roles.owner,
    ])
    await query('update organizations set owner_id = $1 where id = $2', [heirId, org.id])
  },
} satisfies Record<string, (query: Query, scene: Scene) => Promise<unknown>>
type Change = keyof typeof changes

const changesOf = (write: Write): Change[] =>
  write.actor === 'owner'
    ? ['made admin by a transfer of ownership']
    : [
        write.name.startsWith('project') || write.name.startsWith('environment')
          ? 'demoted to viewer'
          : 'demoted to billing',
        'removed',
      ]

describeEachDatabase('a write racing the demotion or removal of its author', (gatehouse) => {
  let owner: TestUser
  beforeAll(async () => {
    owner = await signUpAndLogIn(gatehouse(), 'Race Owner')
  })

  for (const write of writes) {
    for (const change of changesOf(write)) {
      it(`${write.name}, author ${change}: refused, nothing changed`, async () => {
        const gh = gatehouse()
        const org = await createOrganization(gh, owner)
        const actor = write.actor === 'owner' ? owner : await addMember(gh, org, 'admin')
        const scene: Scene = { org, actor, ids: {} }
        scene.ids = (await write.prepare?.(gh, scene)) ?? {}
        const { method, path, body } = write.request(scene)
        const send = () => call(gh, method, path, { as: actor.as, ...(body === undefined ? {} : { body }) })

        if (gh.driver === 'pglite') {
          const query = pgliteQuery(gh)
          await changes[change](query, scene)
          const before = await snapshot(query, org.id)
          const answer = await send()
          expect([403, 404], answer.text).toContain(answer.status)
          expect(await snapshot(query, org.id)).toEqual(before)
          return
        }

        const client = new pg.Client({ connectionString: gh.location })
        await client.connect()
        try {
          const query: Query = async (text, params) => (await client.query(text, params)).rows
          await query('begin')
          await query('select id from organizations where id = $1 for update', [org.id])
          await changes[change](query, scene)
          // What the organization holds once the change commits: the write must add nothing to it.
          const before = await snapshot(query, org.id)
          let settled = false
          const pending = send().finally(() => {
            settled = true
          })
          const blocked = await waitUntilBlocked(query, () => settled)
          await query('commit')
          const answer = await pending
          expect([403, 404], answer.text).toContain(answer.status)
          expect(await snapshot(query, org.id)).toEqual(before)
          // The request did get past its first check and waited for the organization row.
          expect(blocked).toBe(true)
        } finally {
          await client.end()
        }
      })
    }
  }
})

/** True once another backend of this database waits on a lock; false if `settled` first (5 s at most). */
async function waitUntilBlocked(query: Query, settled: () => boolean): Promise<boolean> {
  const deadline = Date.now() + 5000
  while (Date.now() < deadline) {
    if (settled()) return false
    // pg_stat_activity is read from a snapshot taken once per transaction (this one holds the
    // lock): without clearing it, a backend that connects after the first read is never seen.
    await query('select pg_stat_clear_snapshot()')
    const rows = await query(
      `select count(*)::int as waiting from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
    )
    if (Number(rows[0]?.waiting) > 0) return true
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return false
}

/** Every row the organization owns, and its audit trail, as text to compare. */
async function snapshot(query: Query, organizationId: string): Promise<Record<string, string>> {
  const tables = [
    'memberships',
    'roles',
    'invitations',
    'api_tokens',
    'projects',
    'environments',
    'audit_events',
  ]
  const result: Record<string, string> = {}
  for (const table of ['organizations', ...tables]) {
    const column = table === 'organizations' ? 'id' : 'organization_id'
    const rows = await query(
      `select coalesce(json_agg(t order by t::text), '[]')::text as rows from ${table} t where ${column} = $1`,
      [organizationId],
    )
    result[table] = String(rows[0]?.rows)
  }
  return result
}

function pgliteQuery(gh: TestGatehouse): Query {
  return async (text, params = []) =>
    (await gh.deps.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, params))).rows
}

async function created(
  gh: TestGatehouse,
  as: TestUser,
  method: Method,
  path: string,
  body: unknown,
): Promise<string> {
  const answer = await call(gh, method, path, { as: as.as, body })
  expect(answer.status, answer.text).toBe(201)
  return answer.body.id as string
}

const createProject = (gh: TestGatehouse, org: TestOrganization) =>
  created(gh, org.owner, 'POST', `/organization/${org.id}/project`, { name: `p-${uniqueSuffix()}` })

async function createEnvironment(gh: TestGatehouse, org: TestOrganization): Promise<string> {
  const project = await createProject(gh, org)
  return created(gh, org.owner, 'POST', `/project/${project}/environment`, { name: 'e', mode })
}

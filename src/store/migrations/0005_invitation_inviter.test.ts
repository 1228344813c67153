import { PGlite } from '@electric-sql/pglite'
import { Kysely, sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { pgliteDialect } from '../pglite/dialect.ts'
import * as initial from './0001_initial.ts'
import * as rolePermissions from './0002_role_permissions.ts'
import * as listPagingIndexes from './0003_list_paging_indexes.ts'
import * as purgeIndexes from './0004_purge_indexes.ts'
import * as invitationInviter from './0005_invitation_inviter.ts'

/** A database as the version before this migration left it, with invitations already pending. */
let client: PGlite
// biome-ignore lint/suspicious/noExplicitAny: the schema of an older version, not the live one
let db: Kysely<any>

beforeAll(async () => {
  client = new PGlite()
  db = new Kysely({ dialect: pgliteDialect(client) })
  for (const migration of [initial, rolePermissions, listPagingIndexes, purgeIndexes]) await migration.up(db)
})

afterAll(async () => {
  // The dialect's driver closes the PGlite client with it.
  await db?.destroy()
})

it('takes the sender of each pending invitation from its member.invited audit record', async () => {
  const insert = async (table: string, values: Record<string, unknown>) =>
    (await db.insertInto(table).values(values).returning('id').executeTakeFirstOrThrow()).id as string
  const ada = await insert('users', { email: 'ada@example.test', name: 'Ada', password_hash: 'x' })
  const org = await insert('organizations', { name: 'Acme', description: '', owner_id: ada })
  const role = await insert('roles', { organization_id: org, name: 'viewer', kind: 'built_in' })
  const token = await insert('api_tokens', {
    organization_id: org,
    name: 'ci',
    description: '',
    role_id: role,
    token_digest: Buffer.alloc(32),
    creator_type: 'user',
    creator_id: ada,
    creator_name: 'Ada',
  })
  const invitation = (email: string) =>
    insert('invitations', {
      organization_id: org,
      email,
      role_id: role,
      inviter_name: 'x',
      status: 'PENDING',
    })
  const byAda = await invitation('one@example.test')
  const byToken = await invitation('two@example.test')
  const unrecorded = await invitation('three@example.test')
  const invited = (target: string, actorType: string, actorId: string) =>
    insert('audit_events', {
      organization_id: org,
      action: 'member.invited',
      target_type: 'invitation',
      target_id: target,
      target_name: 'someone',
      actor_type: actorType,
      actor_id: actorId,
      actor_name: 'x',
      origin: 'api',
      ip: '127.0.0.1',
      user_agent: '',
      details: '{}',
    })
  await invited(byAda, 'user', ada)
  await invited(byToken, 'api_token', token)
  // A record of another action naming the invitation does not make a sender.
  await insert('audit_events', {
    organization_id: org,
    action: 'invitation.withdrawn',
    target_type: 'invitation',
    target_id: unrecorded,
    target_name: 'someone',
    actor_type: 'user',
    actor_id: ada,
    actor_name: 'x',
    origin: 'api',
    ip: '127.0.0.1',
    user_agent: '',
    details: '{}',
  })

  await invitationInviter.up(db)
  const rows = await db
    .selectFrom('invitations')
    .select(['id', 'inviter_type', 'inviter_id'])
    .orderBy('email')
    .execute()
  expect(rows).toEqual([
    { id: byAda, inviter_type: 'user', inviter_id: ada },
    { id: unrecorded, inviter_type: null, inviter_id: null },
    { id: byToken, inviter_type: 'api_token', inviter_id: token },
  ])
  await expect(
    sql`update invitations set inviter_type = 'robot' where id = ${byAda}`.execute(db),
  ).rejects.toThrow(/check constraint/)

  await invitationInviter.down(db)
  const columns = await sql<{ column_name: string }>`select column_name from information_schema.columns
    where table_name = 'invitations' and column_name like 'inviter_%' order by column_name`.execute(db)
  expect(columns.rows.map((row) => row.column_name)).toEqual(['inviter_name'])
})

import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withDatabase } from '../support/global-setup.ts'
import { dropPostgresDatabase } from '../support/harness.ts'
import { http, type ServerProcess, startServerProcess } from '../support/process.ts'

const adminUrl = process.env.GATEHOUSE_TEST_DATABASE_URL
if (!adminUrl)
  console.warn(
    'custom-role-two-processes.test.ts: skipped, GATEHOUSE_TEST_DATABASE_URL is not set (CI sets it)',
  )

/**
 * A custom role changed or deleted through one process applies to the very next request served
 * by the other, whose cache holds the token with the role's old grants.
 */
describe.skipIf(!adminUrl)('custom roles across two server processes on one PostgreSQL', () => {
  let databaseUrl = ''
  let a: ServerProcess
  let b: ServerProcess

  beforeAll(async () => {
    const name = `gatehouse_roles_${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    await admin.end()
    databaseUrl = withDatabase(adminUrl as string, name)
    a = await startServerProcess({ DATABASE_URL: databaseUrl })
    b = await startServerProcess({ DATABASE_URL: databaseUrl })
  }, 120_000)

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()])
    if (databaseUrl) await dropPostgresDatabase(databaseUrl)
  })

  it('a role change and a role deletion made on one process apply on the next request on the other', async () => {
    const email = `roles-${randomBytes(4).toString('hex')}@example.test`
    await http(a.url, 'POST', '/auth/signup', { body: { email, password: 'password-123', name: 'Owner' } })
    const login = await http(a.url, 'POST', '/auth/login', { body: { email, password: 'password-123' } })
    const owner = `Bearer ${login.body.token}`
    const memberEmail = `member-${randomBytes(4).toString('hex')}@example.test`
    await http(a.url, 'POST', '/auth/signup', {
      body: { email: memberEmail, password: 'password-123', name: 'M' },
    })
    const memberLogin = await http(b.url, 'POST', '/auth/login', {
      body: { email: memberEmail, password: 'password-123' },
    })
    const member = `Bearer ${memberLogin.body.token}`

    const org = await http(a.url, 'POST', '/organization', { authorization: owner, body: { name: 'Roles' } })
    const orgId = org.body.id
    const web = await http(a.url, 'POST', `/organization/${orgId}/project`, {
      authorization: owner,
      body: { name: 'web' },
    })
    const staging = await http(a.url, 'POST', `/project/${web.body.id}/environment`, {
      authorization: owner,
      body: { name: 'staging', mode: 'STAGING' },
    })
    const role = await http(a.url, 'POST', `/organization/${orgId}/customRole`, {
      authorization: owner,
      body: { name: 'ci' },
    })
    const roleId = role.body.id
    const grant = (permission: string) => ({
      name: 'ci',
      cluster_permissions: [],
      project_permissions: [
        {
          project_id: web.body.id,
          is_admin: false,
          permissions: [{ environment_type: 'STAGING', permission }],
        },
      ],
    })
    const edit = (via: ServerProcess, permission: string) =>
      http(via.url, 'PUT', `/organization/${orgId}/customRole/${roleId}`, {
        authorization: owner,
        body: grant(permission),
      })
    expect((await edit(a, 'DEPLOYER')).status).toBe(200)
    const token = await http(a.url, 'POST', `/organization/${orgId}/apiToken`, {
      authorization: owner,
      body: { name: 'ci', role_id: roleId },
    })
    const ci = `Token ${token.body.token}`
    // The member joins with the custom role (through an invitation accepted on the other process).
    const invitation = await http(a.url, 'POST', `/organization/${orgId}/inviteMember`, {
      authorization: owner,
      body: { email: memberEmail, role_id: roleId },
    })
    expect(
      (
        await http(b.url, 'POST', `/organization/${orgId}/inviteMember/${invitation.body.id}`, {
          authorization: member,
        })
      ).status,
    ).toBe(201)

    const deploy = (via: ServerProcess, authorization: string) =>
      http(via.url, 'POST', `/environment/${staging.body.id}/deployment`, {
        authorization,
        body: { version: 'abc1234' },
      })
    const read = (via: ServerProcess, authorization: string) =>
      http(via.url, 'GET', `/environment/${staging.body.id}`, { authorization })
    // Warm b's cache with the token and its grants.
    for (let i = 0; i < 3; i++) {
      expect((await deploy(b, ci)).status).toBe(201)
      expect((await deploy(b, member)).status).toBe(201)
    }

    for (let round = 0; round < 3; round++) {
      const [changer, other] = round % 2 === 0 ? [a, b] : [b, a]
      expect((await edit(changer, 'VIEWER')).status).toBe(200)
      for (const who of [ci, member]) {
        expect((await deploy(other, who)).status).toBe(403)
        expect((await read(other, who)).status).toBe(200)
      }
      expect((await edit(changer, 'NO_ACCESS')).status).toBe(200)
      for (const who of [ci, member]) expect((await read(other, who)).status).toBe(404)
      expect((await edit(changer, 'DEPLOYER')).status).toBe(200)
      for (const who of [ci, member]) expect((await deploy(other, who)).status).toBe(201)
    }

    // Deleting it while held is refused; once nobody holds it, it is gone everywhere at once.
    const held = await http(b.url, 'DELETE', `/organization/${orgId}/customRole/${roleId}`, {
      authorization: owner,
    })
    expect(held.status).toBe(409)
    expect(held.body.detail).toBe(
      'The role "ci" is held by 1 member and 1 API token: give them another role first.',
    )
    const viewer = (
      await http(a.url, 'GET', `/organization/${orgId}/availableRole`, { authorization: owner })
    ).body.results.find((r: { name: string }) => r.name === 'viewer')
    const memberId = memberLogin.body.user.id
    const demoted = await http(a.url, 'PUT', `/organization/${orgId}/member`, {
      authorization: owner,
      body: { user_id: memberId, role_id: viewer.id },
    })
    expect(demoted.status).toBe(200)
    expect((await deploy(b, member)).status).toBe(403)
    await http(a.url, 'DELETE', `/organization/${orgId}/apiToken/${token.body.id}`, { authorization: owner })
    expect((await deploy(b, ci)).status).toBe(401)
    expect(
      (await http(a.url, 'DELETE', `/organization/${orgId}/customRole/${roleId}`, { authorization: owner }))
        .status,
    ).toBe(204)
    expect(
      (await http(b.url, 'GET', `/organization/${orgId}/customRole/${roleId}`, { authorization: owner }))
        .status,
    ).toBe(404)
  })
})

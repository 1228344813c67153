import { expect, it } from 'vitest'
import { call, createOrganization, signUpAndLogIn, uniqueSuffix } from '../../../../test/support/api.ts'
import { countRows, createTeam } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'
import { API_TOKEN_PATTERN, digestToken } from '../../../core/token.ts'

describeEachDatabase('POST /organization/{id}/apiToken: happy', (gatehouse) => {
  it('creates a token that works at once, with the role asked for', async () => {
    const owner = await signUpAndLogIn(gatehouse(), 'Olive Owner')
    const org = await createOrganization(gatehouse(), owner)
    const created = await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken`, {
      as: owner.as,
      body: { name: 'terraform', description: 'infra pipeline', role_id: org.roles.devops },
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      name: 'terraform',
      description: 'infra pipeline',
      role_id: org.roles.devops,
      role_name: 'devops',
    })
    expect(created.body.token).toMatch(API_TOKEN_PATTERN)

    const whoami = await call(gatehouse(), 'GET', '/auth/whoami', { as: { token: created.body.token } })
    expect(whoami.status).toBe(200)
    expect(whoami.body).toEqual({
      type: 'api_token',
      api_token: {
        id: created.body.id,
        name: 'terraform',
        organization_id: org.id,
        role_id: org.roles.devops,
        role_name: 'devops',
      },
    })
  })

  it('answers what it stored: the id, the times and the fields, for each of several creations', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    // Several in a row: from the second on, the INSERT travels with the COMMIT (its statement is
    // prepared on the connection), and its row is never read back.
    for (const name of ['first', 'second', 'third']) {
      const created = await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken`, {
        as: owner.as,
        body: { name: `  ${name} `, description: `the ${name}`, expires_at: '2099-01-02T03:04:05.678Z' },
      })
      expect(created.status).toBe(201)
      const stored = await gatehouse()
        .deps.db.selectFrom('api_tokens')
        .select(['id', 'name', 'description', 'role_id', 'created_at', 'updated_at', 'expires_at'])
        .where('id', '=', created.body.id)
        .executeTakeFirstOrThrow()
      expect(created.body).toMatchObject({
        id: stored.id,
        name,
        description: `the ${name}`,
        role_id: stored.role_id,
        created_at: stored.created_at.toISOString(),
        updated_at: stored.updated_at.toISOString(),
        expires_at: '2099-01-02T03:04:05.678Z',
      })
      expect(stored.name).toBe(name)
      expect(stored.expires_at?.toISOString()).toBe('2099-01-02T03:04:05.678Z')
      expect(Math.abs(stored.created_at.getTime() - Date.now())).toBeLessThan(60_000)
    }
    // A duplicate name on that same path fails the COMMIT's batch: a 409, and nothing written.
    const before = await countRows(gatehouse())
    const duplicate = await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken`, {
      as: owner.as,
      body: { name: 'SECOND' },
    })
    expect(duplicate.status).toBe(409)
    expect(await countRows(gatehouse())).toEqual(before)
  })

  it('gives the admin role when role_id is null or absent', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    for (const body of [{ name: 'a', role_id: null }, { name: 'b' }]) {
      const created = await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken`, {
        as: owner.as,
        body,
      })
      expect(created.status).toBe(201)
      expect(created.body.role_name).toBe('admin')
      expect(created.body.role_id).toBe(org.roles.admin)
    }
  })

  it('records the creation in the audit trail, in the same transaction', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const created = await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken`, {
      as: owner.as,
      body: { name: 'audited' },
      headers: { 'user-agent': 'gatehouse-cli/0.1.0' },
    })
    const events = await gatehouse()
      .deps.db.selectFrom('audit_events')
      .selectAll()
      .where('organization_id', '=', org.id)
      .where('action', '=', 'api_token.created')
      .execute()
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      target_id: created.body.id,
      target_name: 'audited',
      actor_type: 'user',
      actor_id: owner.id,
      origin: 'cli',
      user_agent: 'gatehouse-cli/0.1.0',
    })
  })
})

describeEachDatabase('POST /organization/{id}/apiToken: who may create', (gatehouse) => {
  it('lets owner, admin and devops create tokens, as users and as tokens', async () => {
    const team = await createTeam(gatehouse())
    const creators = team.callers.filter((c) => ['owner', 'admin', 'devops'].includes(c.role))
    expect(creators).toHaveLength(5)
    for (const creator of creators) {
      const res = await call(gatehouse(), 'POST', `/organization/${team.org.id}/apiToken`, {
        as: creator.as,
        body: { name: `by ${creator.label}`, role_id: team.org.roles.devops },
      })
      expect(res.status, creator.label).toBe(201)
      expect(res.body.role_name).toBe('devops')
      expect((await call(gatehouse(), 'GET', '/auth/whoami', { as: { token: res.body.token } })).status).toBe(
        200,
      )
    }
  })

  it('lets a devops member mint the roles that allow no more than devops', async () => {
    const team = await createTeam(gatehouse())
    for (const role of ['devops', 'billing', 'viewer'] as const) {
      for (const as of [team.users.devops.as, team.tokens.devops.as]) {
        const res = await call(gatehouse(), 'POST', `/organization/${team.org.id}/apiToken`, {
          as,
          body: { name: `${role} ${uniqueSuffix()}`, role_id: team.org.roles[role] },
        })
        expect(res.status, role).toBe(201)
        expect(res.body.role_name).toBe(role)
      }
    }
  })

  it('answers exactly the documented fields; names of 255 characters are fine and are trimmed', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const name = 'n'.repeat(255)
    const res = await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken`, {
      as: owner.as,
      body: { name },
    })
    expect(res.status).toBe(201)
    expect(res.body.name).toBe(name)
    const padded = await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken`, {
      as: owner.as,
      body: { name: '  padded name ' },
    })
    expect(padded.body.name).toBe('padded name')
    expect(Object.keys(res.body).sort()).toEqual([
      'allowed_cidrs',
      'created_at',
      'description',
      'expires_at',
      'id',
      'name',
      'role_id',
      'role_name',
      'status',
      'token',
      'updated_at',
    ])
    expect(res.body.description).toBe('')
  })

  it('stores only the SHA-256 digest of the token', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const res = await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken`, {
      as: owner.as,
      body: { name: 'digest only' },
    })
    const row = await gatehouse()
      .deps.db.selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', res.body.id)
      .executeTakeFirstOrThrow()
    expect(Buffer.from(row.token_digest).equals(digestToken(res.body.token))).toBe(true)
    expect(JSON.stringify(row)).not.toContain(res.body.token)
  })

  it("accepts Qovery's deprecated scope and ignores it: the role decides", async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const roles = await call(gatehouse(), 'GET', `/organization/${org.id}/availableRole`, { as: owner.as })
    const viewer = roles.body.results.find((role: { name: string }) => role.name === 'viewer')
    for (const scope of ['ADMIN', null]) {
      const res = await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken`, {
        as: owner.as,
        body: { name: `scoped ${String(scope)}`, scope, role_id: viewer.id },
      })
      expect(res.status).toBe(201)
      expect(res.body.role_name).toBe('viewer')
    }
  })
})

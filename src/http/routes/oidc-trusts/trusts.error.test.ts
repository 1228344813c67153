import { beforeAll, expect, it } from 'vitest'
import {
  call,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
  type TestOrganization,
} from '../../../../test/support/api.ts'
import { countRows } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

const GITHUB = 'https://token.actions.githubusercontent.com'

describeEachDatabase('/organization/{id}/oidcTrust: refusals change nothing', (gatehouse) => {
  let org: TestOrganization
  const valid = () => ({
    name: 'deploy',
    issuer: GITHUB,
    conditions: { repository: 'acme/web' },
    role_id: org.roles.devops,
  })
  const tables = ['api_tokens', 'audit_events', 'oidc_trusts'] as const

  beforeAll(async () => {
    org = await createOrganization(gatehouse(), await signUpAndLogIn(gatehouse()))
  })

  it.each([
    [
      'an issuer the server does not accept',
      { issuer: 'https://evil.example.test' },
      'body.issuer',
      'invalid_input',
    ],
    [
      'a URL as issuer that is internal',
      { issuer: 'http://169.254.169.254' },
      'body.issuer',
      'invalid_input',
    ],
    [
      'conditions naming no repository',
      { conditions: { ref: 'refs/heads/main' } },
      'body.conditions',
      'invalid_input',
    ],
    [
      'a repository glob of anyone',
      { conditions: { repository: '*' } },
      'body.conditions.repository',
      'invalid_input',
    ],
    [
      'a repository glob of any owner',
      { conditions: { repository: '*/web' } },
      'body.conditions.repository',
      'invalid_input',
    ],
    [
      'a subject glob of any repository',
      { conditions: { sub: 'repo:*' } },
      'body.conditions.sub',
      'invalid_input',
    ],
    [
      'a project glob of any group',
      { conditions: { project_path: '*' } },
      'body.conditions.project_path',
      'invalid_input',
    ],
    ['no conditions', { conditions: {} }, 'body.conditions', 'invalid_input'],
    [
      'a claim name with spaces',
      { conditions: { repository: 'acme/web', 'my claim': 'x' } },
      'body.conditions.my claim',
      'invalid_input',
    ],
    [
      'an empty condition value',
      { conditions: { repository: '' } },
      'body.conditions.repository',
      'invalid_input',
    ],
    ['a lifetime of 59 s', { token_lifetime_seconds: 59 }, 'body.token_lifetime_seconds', 'invalid_input'],
    [
      'a lifetime of 3601 s',
      { token_lifetime_seconds: 3601 },
      'body.token_lifetime_seconds',
      'invalid_input',
    ],
    ['the owner role', { role: 'owner' }, 'body.role_id', 'role_not_assignable'],
    [
      'a role of no organization',
      { role_id: '00000000-0000-4000-8000-000000000000' },
      'body.role_id',
      'role_not_found',
    ],
    ['no role', { role_id: undefined }, 'body.role_id', 'invalid_input'],
  ])('answers 400 for %s', async (_case, change, field, reason) => {
    const gh = gatehouse()
    const body: Record<string, unknown> = { ...valid(), ...change }
    if ('role' in change) {
      body.role_id = org.roles[change.role as 'owner']
      delete body.role
    }
    const before = await countRows(gh, [...tables])
    const response = await call(gh, 'POST', `/organization/${org.id}/oidcTrust`, { as: org.owner.as, body })
    expectProblem(response, 400)
    expect(response.body.reason).toBe(reason)
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field)
    expect(await countRows(gh, [...tables])).toEqual(before)
  })

  it('refuses a role more powerful than the caller (no escalation), on create and on change', async () => {
    const gh = gatehouse()
    // A custom role with a power the admin lacks (deleting the organization), yet not the owner's.
    const strong = await gh.deps.db
      .insertInto('roles')
      .values({
        organization_id: org.id,
        name: `deleter ${Date.now()}`,
        kind: 'custom',
        permissions: ['organization:read', 'organization:delete'],
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const admin = await signUpAndLogIn(gh, 'Admin')
    await gh.deps.db
      .insertInto('memberships')
      .values({ organization_id: org.id, user_id: admin.id, role_id: org.roles.admin })
      .execute()
    const before = await countRows(gh, [...tables])
    const refused = await call(gh, 'POST', `/organization/${org.id}/oidcTrust`, {
      as: admin.as,
      body: { ...valid(), name: 'strong', role_id: strong.id },
    })
    expectProblem(refused, 403)
    expect(refused.body.reason).toBe('role_escalation')
    expect(await countRows(gh, [...tables])).toEqual(before)

    // The owner may make it; the admin may then not touch it, even to widen its conditions.
    const made = await call(gh, 'POST', `/organization/${org.id}/oidcTrust`, {
      as: org.owner.as,
      body: { ...valid(), name: 'strong', role_id: strong.id },
    })
    expect(made.status).toBe(201)
    const widened = await call(gh, 'PATCH', `/organization/${org.id}/oidcTrust/${made.body.id}`, {
      as: admin.as,
      body: { conditions: { repository: 'acme/*' } },
    })
    expectProblem(widened, 403)
    expect(widened.body.reason).toBe('role_escalation')
    const kept = await call(gh, 'GET', `/organization/${org.id}/oidcTrust/${made.body.id}`, { as: admin.as })
    expect(kept.body.conditions).toEqual({ repository: 'acme/web' })
    // Deleting is never an escalation.
    expect(
      (await call(gh, 'DELETE', `/organization/${org.id}/oidcTrust/${made.body.id}`, { as: admin.as }))
        .status,
    ).toBe(204)
  })

  it('answers 409 for a name taken (any case), and 404 for a trust of another organization', async () => {
    const gh = gatehouse()
    const path = `/organization/${org.id}/oidcTrust`
    const first = await call(gh, 'POST', path, { as: org.owner.as, body: { ...valid(), name: 'Unique One' } })
    expect(first.status).toBe(201)
    const other = await createOrganization(gh, await signUpAndLogIn(gh))
    const before = await countRows(gh, [...tables])
    const again = await call(gh, 'POST', path, {
      as: org.owner.as,
      body: { ...valid(), name: ' unique one ' },
    })
    expectProblem(again, 409)
    expect(again.body.reason).toBe('name_taken')
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const response = await call(gh, method, `/organization/${other.id}/oidcTrust/${first.body.id}`, {
        as: other.owner.as,
        ...(method === 'PATCH' ? { body: { name: 'stolen' } } : {}),
      })
      expectProblem(response, 404)
    }
    expect(await countRows(gh, [...tables])).toEqual(before)
  })

  it('refuses an empty change', async () => {
    const gh = gatehouse()
    const made = await call(gh, 'POST', `/organization/${org.id}/oidcTrust`, {
      as: org.owner.as,
      body: { ...valid(), name: 'to-patch' },
    })
    const response = await call(gh, 'PATCH', `/organization/${org.id}/oidcTrust/${made.body.id}`, {
      as: org.owner.as,
      body: {},
    })
    expectProblem(response, 400)
  })
})

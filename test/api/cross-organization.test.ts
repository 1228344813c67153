import { expect, it } from 'vitest'
import {
  addMember,
  type Credential,
  call,
  createApiToken,
  createOrganization,
  signUpAndLogIn,
  uniqueSuffix,
} from '../support/api.ts'
import { organizationWithOneOfEach } from '../support/fixtures.ts'
import { describeEachDatabase, type TestGatehouse } from '../support/harness.ts'

/**
 * Every route that takes an id, tried by the owner (and an admin token) of organization A with
 * the ids of organization B: each answers 404, as if B did not exist, and nothing of B changes.
 */
const makeTarget = organizationWithOneOfEach

/** Everything stored about organization B, to compare before and after. */
async function snapshot(gh: TestGatehouse, organizationId: string) {
  const db = gh.deps.db
  const rows = {
    organization: await db.selectFrom('organizations').selectAll().where('id', '=', organizationId).execute(),
    roles: await db.selectFrom('roles').selectAll().where('organization_id', '=', organizationId).execute(),
    memberships: await db
      .selectFrom('memberships')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .execute(),
    invitations: await db
      .selectFrom('invitations')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .execute(),
    api_tokens: await db
      .selectFrom('api_tokens')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .execute(),
    projects: await db
      .selectFrom('projects')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .execute(),
    environments: await db
      .selectFrom('environments')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .execute(),
  }
  return JSON.stringify(rows, (_key, value) => (value?.type === 'Buffer' ? 'bytes' : value))
}

describeEachDatabase('ids of another organization', (gatehouse) => {
  it('answer 404 on every route, for a session and for a token, and change nothing', async () => {
    const gh = gatehouse()
    const attacker = await signUpAndLogIn(gh, 'A owner')
    const orgA = await createOrganization(gh, attacker)
    const adminTokenA = await createApiToken(gh, orgA, 'admin')
    const b = await makeTarget(gh)
    const before = await snapshot(gh, b.org.id)
    const auditBefore = await gh.deps.db
      .selectFrom('audit_events')
      .select('id')
      .where('organization_id', '=', b.org.id)
      .execute()

    const A = orgA.id
    const B = b.org.id
    const requests: Array<[string, string, unknown?]> = [
      ['GET', `/organization/${B}`],
      ['PUT', `/organization/${B}`, { name: 'taken over' }],
      ['DELETE', `/organization/${B}`],
      ['GET', `/organization/${B}/availableRole`],
      ['GET', `/organization/${B}/member`],
      ['PUT', `/organization/${B}/member`, { user_id: b.memberId, role_id: b.org.roles.admin }],
      ['DELETE', `/organization/${B}/member`, { user_id: b.memberId }],
      ['PUT', `/organization/${A}/member`, { user_id: b.memberId, role_id: orgA.roles.admin }],
      ['DELETE', `/organization/${A}/member`, { user_id: b.memberId }],
      [
        'POST',
        `/organization/${B}/inviteMember`,
        { email: `x-${uniqueSuffix()}@example.test`, role_id: b.org.roles.viewer },
      ],
      ['GET', `/organization/${B}/inviteMember`],
      ['GET', `/organization/${B}/inviteMember/${b.inviteId}`],
      ['POST', `/organization/${B}/inviteMember/${b.inviteId}`],
      ['DELETE', `/organization/${B}/inviteMember/${b.inviteId}`],
      ['GET', `/organization/${A}/inviteMember/${b.inviteId}`],
      ['DELETE', `/organization/${A}/inviteMember/${b.inviteId}`],
      ['POST', `/organization/${B}/transferOwnership`, { user_id: b.memberId }],
      ['POST', `/organization/${A}/transferOwnership`, { user_id: b.memberId }],
      ['GET', `/organization/${B}/apiToken`],
      ['POST', `/organization/${B}/apiToken`, { name: 'intruder', role_id: b.org.roles.viewer }],
      ['DELETE', `/organization/${B}/apiToken/${b.tokenId}`],
      ['DELETE', `/organization/${A}/apiToken/${b.tokenId}`],
      ['GET', `/organization/${B}/auditEvent`],
      ['GET', `/organization/${B}/project`],
      ['POST', `/organization/${B}/project`, { name: 'intruder' }],
      ['GET', `/project/${b.projectId}`],
      ['PUT', `/project/${b.projectId}`, { name: 'taken over' }],
      ['DELETE', `/project/${b.projectId}`],
      ['GET', `/project/${b.projectId}/environment`],
      ['POST', `/project/${b.projectId}/environment`, { name: 'intruder', mode: 'DEVELOPMENT' }],
      ['GET', `/environment/${b.environmentId}`],
      ['PUT', `/environment/${b.environmentId}`, { name: 'taken over', mode: 'DEVELOPMENT' }],
      ['DELETE', `/environment/${b.environmentId}`],
    ]
    const credentials: Array<[string, Credential]> = [
      ['owner session', attacker.as],
      ['admin token', adminTokenA.as],
    ]
    const wrong: string[] = []
    for (const [who, as] of credentials) {
      for (const [method, path, body] of requests) {
        const response = await call(gh, method as 'GET', path, { as, body })
        // A token is refused (403) before any id is read where the route is for users only
        // (accepting an invitation) or beyond an admin's role (transferring ownership): no leak.
        const refusedBeforeLookup =
          who === 'admin token' &&
          ((method === 'POST' && path.includes('/inviteMember/')) ||
            path === `/organization/${A}/transferOwnership`)
        if (refusedBeforeLookup) {
          if (response.status !== 403)
            wrong.push(`${who}: ${method} ${path} -> ${response.status} ${response.text}`)
        } else if (response.status !== 404)
          wrong.push(`${who}: ${method} ${path} -> ${response.status} ${response.text}`)
      }
    }
    expect(wrong).toEqual([])
    expect(await snapshot(gh, b.org.id)).toBe(before)
    const auditAfter = await gh.deps.db
      .selectFrom('audit_events')
      .select('id')
      .where('organization_id', '=', b.org.id)
      .execute()
    expect(auditAfter).toHaveLength(auditBefore.length)
  })

  it('refuses a role id of another organization in a body (400), changing nothing', async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const orgA = await createOrganization(gh, owner)
    const b = await makeTarget(gh)
    const member = await addMember(gh, orgA, 'viewer')
    const tokensBefore = await gh.deps.db
      .selectFrom('api_tokens')
      .select('id')
      .where('organization_id', '=', orgA.id)
      .execute()
    const tries = [
      await call(gh, 'POST', `/organization/${orgA.id}/apiToken`, {
        as: owner.as,
        body: { name: 'x', role_id: b.org.roles.viewer },
      }),
      await call(gh, 'PUT', `/organization/${orgA.id}/member`, {
        as: owner.as,
        body: { user_id: member.id, role_id: b.org.roles.admin },
      }),
      await call(gh, 'POST', `/organization/${orgA.id}/inviteMember`, {
        as: owner.as,
        body: { email: `y-${uniqueSuffix()}@example.test`, role_id: b.org.roles.viewer },
      }),
    ]
    expect(tries.map((t) => t.status)).toEqual([400, 400, 400])
    const tokensAfter = await gh.deps.db
      .selectFrom('api_tokens')
      .select('id')
      .where('organization_id', '=', orgA.id)
      .execute()
    expect(tokensAfter).toHaveLength(tokensBefore.length)
    const role = await call(gh, 'GET', `/organization/${orgA.id}/member`, { as: owner.as })
    expect(role.body.results.find((m: { id: string }) => m.id === member.id).role_name).toBe('viewer')
  })
})

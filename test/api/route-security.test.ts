import { randomUUID } from 'node:crypto'
import type { TSchema } from 'typebox'
import { expect, it } from 'vitest'
import { type Operation, operations } from '../../src/contract/index.ts'
import { generateToken } from '../../src/core/token.ts'
import {
  type ApiResponse,
  type Credential,
  call,
  createApiToken,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
  uniqueSuffix,
} from '../support/api.ts'
import { organizationWithOneOfEach } from '../support/fixtures.ts'
import { describeEachDatabase, type TestGatehouse } from '../support/harness.ts'

/**
 * One security suite for every operation of the contract, like Unkey's common route tests: a
 * route gets it by being in the contract. Missing and malformed credentials answer 401, a
 * malformed id answers 400, and another organization's ids answer 404 (as if they did not exist)
 * and change nothing.
 */
const all = Object.values(operations) as Operation[]
const authenticated = all.filter((operation) => operation.security.length > 0)
const withIds = authenticated.filter((operation) => operation.params !== undefined)

describeEachDatabase('every operation: shared security checks', (gatehouse) => {
  it('refuses a missing credential with 401 problem+json and a WWW-Authenticate challenge', async () => {
    for (const operation of authenticated) {
      const response = await send(gatehouse(), operation, undefined, idsOf(undefined))
      expectProblem(response, 401)
      expect(response.body.reason, operation.operationId).toBe('unauthenticated')
      expect(response.headers['www-authenticate'], operation.operationId).toBe('Token, Bearer')
    }
  })

  it('refuses malformed, mistyped and unknown credentials with the same 401', async () => {
    const unknown = generateToken('api_token')
    const typo = `${unknown.slice(0, -1)}${unknown.endsWith('a') ? 'b' : 'a'}`
    const headers = [
      `Token not-a-token`,
      `Token ${typo}`,
      `Token ${unknown}`,
      `Bearer ${generateToken('session')}`,
      'Bearer not-a-session',
      'Basic dXNlcjpwYXNz',
    ]
    for (const operation of authenticated) {
      const bodies = new Set<string>()
      for (const authorization of headers) {
        const response = await send(gatehouse(), operation, undefined, idsOf(undefined), { authorization })
        expectProblem(response, 401)
        bodies.add(response.text)
      }
      // One answer whatever the reason: a caller learns nothing about why.
      expect(bodies.size, operation.operationId).toBe(1)
    }
  })

  it('refuses a secret under the wrong scheme with the same 401 and a hint that does not tell whether it exists', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const live = await createApiToken(gatehouse(), await createOrganization(gatehouse(), owner), 'admin')
    const cases = [
      {
        hint: "API tokens are sent as 'Authorization: Token gtok_…'.",
        scheme: 'Bearer',
        secrets: [generateToken('api_token'), live.token],
      },
      {
        hint: "Sessions are sent as 'Authorization: Bearer gses_…'.",
        scheme: 'Token',
        secrets: [generateToken('session'), owner.session],
      },
    ]
    for (const operation of authenticated) {
      const generic = await send(gatehouse(), operation, undefined, idsOf(undefined), {
        authorization: 'Token x',
      })
      for (const { hint, scheme, secrets } of cases) {
        const bodies = new Set<string>()
        for (const secret of secrets) {
          const response = await send(gatehouse(), operation, undefined, idsOf(undefined), {
            authorization: `${scheme} ${secret}`,
          })
          expectProblem(response, 401)
          expect(response.body.reason, operation.operationId).toBe('unauthenticated')
          expect(response.headers['www-authenticate'], operation.operationId).toBe('Token, Bearer')
          expect(response.body.detail, operation.operationId).toBe(`${generic.body.detail} ${hint}`)
          bodies.add(response.text)
        }
        // The hint comes from the prefix alone: a live secret and an unknown one answer alike.
        expect(bodies.size, `${operation.operationId} ${scheme}`).toBe(1)
      }
    }
  })

  it('answers public operations without any credential', async () => {
    const health = all.find((operation) => operation.operationId === 'getHealth') as Operation
    expect((await send(gatehouse(), health, undefined, {})).status).toBe(200)
    for (const operation of all.filter((candidate) => candidate.security.length === 0)) {
      const response = await send(gatehouse(), operation, undefined, {})
      // login may refuse the sample's password, but never for want of a credential.
      expect(response.body?.reason, operation.operationId).not.toBe('unauthenticated')
      expect(response.status, operation.operationId).toBeLessThan(500)
    }
  })

  it('refuses a malformed id in the path with 400 naming the parameter, with a valid credential', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), org, 'admin')
    for (const operation of withIds) {
      const as = operation.security.includes('apiToken') ? token.as : owner.as
      for (const name of Object.keys(operation.params?.properties ?? {})) {
        const ids = { ...idsOf(undefined), organizationId: org.id, [name]: 'not-a-uuid' }
        const response = await send(gatehouse(), operation, as, ids)
        expectProblem(response, 400)
        expect(response.body.errors, `${operation.operationId} ${name}`).toContainEqual({
          field: `params.${name}`,
          message: expect.any(String),
        })
      }
    }
  })

  it("answers another organization's ids with 404 on every operation, for a session and a token, and changes nothing", async () => {
    const gh = gatehouse()
    const attacker = await signUpAndLogIn(gh, 'A owner')
    const orgA = await createOrganization(gh, attacker)
    const adminTokenA = await createApiToken(gh, orgA, 'admin')
    const b = await makeTarget(gh)
    const before = await snapshotOf(gh, b.organizationId)
    const wrong: string[] = []
    for (const [who, as] of [
      ['owner session', attacker.as],
      ['admin token', adminTokenA.as],
    ] as const) {
      for (const operation of withIds) {
        const response = await send(gh, operation, as, b)
        // A token calling a users-only operation is refused before any id is read: no leak either.
        const usersOnly = !operation.security.includes('apiToken')
        const expected = who === 'admin token' && usersOnly ? 403 : 404
        if (response.status !== expected)
          wrong.push(`${who}: ${operation.operationId} -> ${response.status} ${response.text}`)
        else if (expected === 404) expect(response.body.reason).toBe('not_found')
      }
    }
    expect(wrong).toEqual([])
    expect(await snapshotOf(gh, b.organizationId)).toBe(before)
  })
})

type Ids = Record<string, string>

/** Random well-formed ids for every path parameter. */
function idsOf(ids: Ids | undefined): Ids {
  return {
    organizationId: randomUUID(),
    projectId: randomUUID(),
    environmentId: randomUUID(),
    apiTokenId: randomUUID(),
    oidcTrustId: randomUUID(),
    inviteId: randomUUID(),
    customRoleId: randomUUID(),
    webhookId: randomUUID(),
    deliveryId: randomUUID(),
    ...ids,
  }
}

async function send(
  gh: TestGatehouse,
  operation: Operation,
  as: Credential,
  ids: Ids,
  headers: Record<string, string> = {},
): Promise<ApiResponse> {
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? randomUUID())
  return call(gh, operation.method, path, {
    as,
    headers,
    ...(operation.body ? { body: sampleOf(operation.body, ids) } : {}),
  })
}

/**
 * A valid value for a body schema, so that what is tested is authorization, not validation: the
 * member and role fields get the target's ids (another organization's), others a plain value.
 */
function sampleOf(schema: TSchema, ids: Ids): unknown {
  const s = schema as Record<string, unknown>
  if (Array.isArray(s.anyOf)) return sampleOf(s.anyOf[0] as TSchema, ids)
  if (Array.isArray(s.enum)) return s.enum[0]
  if ('const' in s) return s.const
  // A map (a trust's conditions): one entry.
  if (s.type === 'object' && !s.properties) return { sub: 'repo:acme/web:ref:refs/heads/main' }
  if (s.type === 'object') {
    const properties = s.properties as Record<string, TSchema>
    const required = new Set((s.required as string[] | undefined) ?? [])
    const value: Record<string, unknown> = {}
    for (const [name, property] of Object.entries(properties)) {
      if (!required.has(name) && name !== 'role_id') continue
      value[name] =
        ids[name] ?? (name === 'url' ? 'https://hooks.example.test/sample' : sampleOf(property, ids))
    }
    // A change of nothing is refused before anything else: give it one field.
    const [first] = Object.entries(properties)
    if (Object.keys(value).length === 0 && Number(s.minProperties) > 0 && first)
      value[first[0]] = first[0] === 'url' ? 'https://hooks.example.test/sample' : sampleOf(first[1], ids)
    return value
  }
  // Arrays (a custom role's permissions) are valid empty, unless they need an item (a webhook's events, a leak report).
  if (s.type === 'array') return Number(s.minItems) > 0 ? [sampleOf(s.items as TSchema, ids)] : []
  if (s.format === 'uuid') return randomUUID()
  if (s.format === 'email') return `sample-${uniqueSuffix()}@example.test`
  if (s.type === 'string') {
    const sample = `sample ${uniqueSuffix()} long enough`
    // A constrained form (a deployment's version): the same words, made of letters and digits.
    return typeof s.pattern === 'string' && !new RegExp(s.pattern).test(sample)
      ? sample.replace(/[^A-Za-z0-9]/g, '')
      : sample
  }
  throw new Error(`no sample for ${JSON.stringify(schema)}`)
}

/** Organization B, with one of everything an id can name, as path parameters and body ids. */
async function makeTarget(gh: TestGatehouse): Promise<Ids & { organizationId: string }> {
  const b = await organizationWithOneOfEach(gh)
  const trust = await call(gh, 'POST', `/organization/${b.org.id}/oidcTrust`, {
    as: b.org.owner.as,
    body: {
      name: 'target trust',
      issuer: 'https://gitlab.com',
      conditions: { project_path: 'acme/web' },
      role_id: b.org.roles.viewer,
    },
  })
  expect(trust.status).toBe(201)
  return {
    oidcTrustId: trust.body.id,
    organizationId: b.org.id,
    projectId: b.projectId,
    environmentId: b.environmentId,
    apiTokenId: b.tokenId,
    inviteId: b.inviteId,
    customRoleId: b.customRoleId,
    webhookId: b.webhookId,
    deliveryId: b.deliveryId,
    user_id: b.memberId,
    role_id: b.org.roles.admin,
  }
}

/** Every row of organization B and of its audit trail, to compare before and after. */
async function snapshotOf(gh: TestGatehouse, organizationId: string): Promise<string> {
  const db = gh.deps.db
  const tables = [
    'roles',
    'memberships',
    'invitations',
    'api_tokens',
    'oidc_trusts',
    'projects',
    'environments',
    'deployments',
    'audit_events',
    'webhooks',
    'webhook_deliveries',
  ] as const
  const rows: Record<string, unknown> = {
    organizations: await db
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', organizationId)
      .execute(),
  }
  for (const table of tables) {
    rows[table] = await db
      .selectFrom(table)
      .selectAll()
      .where('organization_id', '=', organizationId)
      .execute()
  }
  return JSON.stringify(rows, (_key, value) => (value?.type === 'Buffer' ? 'bytes' : value))
}

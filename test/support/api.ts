import { randomBytes } from 'node:crypto'
import { expect } from 'vitest'
import type { BuiltInRoleName } from '../../src/core/permissions.ts'
import { digestToken, generateToken } from '../../src/core/token.ts'
import { hashPassword } from '../../src/services/accounts.ts'
import type { TestGatehouse } from './harness.ts'

/** A credential for a request: an API token, a session as Bearer, or nothing. */
export type Credential = { token: string } | { session: string } | undefined

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the tests that read them
export interface ApiResponse<T = any> {
  status: number
  body: T
  headers: Record<string, string | string[] | number | undefined>
  text: string
}

/** Calls the API in-process through Fastify's inject: the whole HTTP stack, no socket. */
export async function call(
  gatehouse: TestGatehouse,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH',
  path: string,
  options: {
    as?: Credential
    body?: unknown
    headers?: Record<string, string>
    /** The client's socket address (127.0.0.1 unless given). */
    remoteAddress?: string
  } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.as && 'token' in options.as) headers.authorization = `Token ${options.as.token}`
  if (options.as && 'session' in options.as) headers.authorization = `Bearer ${options.as.session}`
  const response = await gatehouse.app.inject({
    method,
    url: `/api${path}`,
    headers,
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
    ...(options.body !== undefined ? { payload: options.body as object } : {}),
  })
  let body: unknown
  try {
    body = response.body ? JSON.parse(response.body) : undefined
  } catch {
    body = undefined
  }
  return { status: response.statusCode, body, headers: response.headers, text: response.body }
}

export interface TestUser {
  id: string
  email: string
  name: string
  password: string
  session: string
  as: { session: string }
}

export const uniqueSuffix = () => randomBytes(4).toString('hex')

/**
 * A user with a session, written straight to the database: tests of other routes need users
 * by the dozen, and signing each one up and in through the API costs two argon2id hashes (the
 * signup and login routes have tests of their own). Such users share one password, hashed once
 * per test process (a test may still sign in with `password`), unless the test gives its own.
 */
export async function signUpAndLogIn(
  gatehouse: TestGatehouse,
  name = 'Test User',
  options: { password?: string } = {},
): Promise<TestUser> {
  const email = `user-${uniqueSuffix()}@example.test`
  const password = options.password ?? SHARED_PASSWORD
  sharedPasswordHash ??= hashPassword(SHARED_PASSWORD)
  const passwordHash = options.password ? await hashPassword(options.password) : await sharedPasswordHash
  const now = gatehouse.deps.now()
  const user = await gatehouse.deps.db
    .insertInto('users')
    .values({ email, name, password_hash: passwordHash, last_activity_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
  const session = generateToken('session')
  await gatehouse.deps.db
    .insertInto('sessions')
    .values({
      user_id: user.id,
      token_digest: digestToken(session),
      expires_at: new Date(now.getTime() + gatehouse.deps.config.sessionTtlSeconds * 1000),
    })
    .execute()
  return { id: user.id, email, name, password, session, as: { session } }
}

const SHARED_PASSWORD = 'a shared test passphrase'
let sharedPasswordHash: Promise<string> | undefined

export interface TestOrganization {
  id: string
  name: string
  owner: TestUser
  roles: Record<BuiltInRoleName, string>
}

export async function createOrganization(
  gatehouse: TestGatehouse,
  owner: TestUser,
): Promise<TestOrganization> {
  const name = `Org ${uniqueSuffix()}`
  const created = await call(gatehouse, 'POST', '/organization', { as: owner.as, body: { name } })
  expect(created.status).toBe(201)
  const roles = await call(gatehouse, 'GET', `/organization/${created.body.id}/availableRole`, {
    as: owner.as,
  })
  expect(roles.status).toBe(200)
  const byName = Object.fromEntries(
    roles.body.results.map((r: { id: string; name: string }) => [r.name, r.id]),
  )
  return { id: created.body.id, name, owner, roles: byName as Record<BuiltInRoleName, string> }
}

/**
 * A member with the given role, added straight in the database: tests of other routes need
 * members without depending on the invitation flow (which has tests of its own).
 */
export async function addMember(
  gatehouse: TestGatehouse,
  organization: TestOrganization,
  role: BuiltInRoleName,
  name = `${role} member`,
): Promise<TestUser> {
  const user = await signUpAndLogIn(gatehouse, name)
  if (role === 'owner') throw new Error('an organization has one owner; use transferOwnership')
  await gatehouse.deps.db
    .insertInto('memberships')
    .values({ organization_id: organization.id, user_id: user.id, role_id: organization.roles[role] })
    .execute()
  return user
}

export interface TestApiToken {
  id: string
  name: string
  /** The value, shown once at creation. */
  token: string
  as: { token: string }
}

export async function createApiToken(
  gatehouse: TestGatehouse,
  organization: TestOrganization,
  role: Exclude<BuiltInRoleName, 'owner'>,
  as: { session: string } | { token: string } = organization.owner.as,
): Promise<TestApiToken> {
  const name = `token ${role} ${uniqueSuffix()}`
  const created = await call(gatehouse, 'POST', `/organization/${organization.id}/apiToken`, {
    as,
    body: { name, description: `a ${role} token`, role_id: organization.roles[role] },
  })
  expect(created.status).toBe(201)
  return { id: created.body.id, token: created.body.token, name, as: { token: created.body.token } }
}

/** Every problem answer has the RFC 9457 shape and the right content type. */
export function expectProblem(response: ApiResponse, status: number): void {
  expect(response.status).toBe(status)
  expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/)
  expect(response.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) })
  expect(response.text).not.toMatch(/at .*\.ts:\d+/)
}

import { beforeAll, expect, it } from 'vitest'
import {
  type ApiResponse,
  call,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
  type TestOrganization,
  type TestUser,
} from '../support/api.ts'
import { createProject } from '../support/fixtures.ts'
import { describeEachDatabase } from '../support/harness.ts'

/** Words of the validator that describe its schema, not the request: never sent to a client. */
const VALIDATOR_WORDS = /anyOf|oneOf|must NOT|must match|must have required|must be equal|must be object/

type Method = 'GET' | 'POST' | 'PUT'

/**
 * Field errors say what is wrong in words a person reads, one bad value per validator keyword,
 * on real routes: the message a client shows is the message we send.
 */
describeEachDatabase('field errors in plain words', (gatehouse) => {
  let owner: TestUser
  let org: TestOrganization
  let projectId: string

  beforeAll(async () => {
    owner = await signUpAndLogIn(gatehouse())
    org = await createOrganization(gatehouse(), owner)
    projectId = (await createProject(gatehouse(), org)).id
  })

  async function refused(method: Method, path: string, body?: unknown): Promise<ApiResponse> {
    const signedIn = !path.startsWith('/auth/')
    const res = await call(gatehouse(), method, path, { as: signedIn ? owner.as : undefined, body })
    expectProblem(res, 400)
    expect(res.body.reason).toBe('invalid_input')
    expect(res.text).not.toMatch(VALIDATOR_WORDS)
    return res
  }

  const signup = { email: 'words@example.test', password: 'long enough', name: 'Words' }
  const cases: [keyword: string, Method, () => string, unknown, field: string, message: string][] = [
    [
      'minLength',
      'POST',
      () => '/auth/signup',
      { ...signup, password: 'short' },
      'body.password',
      'must be at least 8 characters',
    ],
    [
      'minLength 1',
      'POST',
      () => '/auth/login',
      { email: signup.email, password: '' },
      'body.password',
      'must not be empty',
    ],
    [
      'maxLength',
      'POST',
      () => '/organization',
      { name: 'n'.repeat(256) },
      'body.name',
      'must be at most 255 characters',
    ],
    [
      'format email',
      'POST',
      () => '/auth/signup',
      { ...signup, email: 'not-an-email' },
      'body.email',
      'must be an email address',
    ],
    [
      'format uuid (path)',
      'GET',
      () => '/organization/not-a-uuid',
      undefined,
      'params.organizationId',
      'must be a UUID',
    ],
    [
      'format uuid (body)',
      'POST',
      () => `/organization/${org.id}/transferOwnership`,
      { user_id: '12' },
      'body.user_id',
      'must be a UUID',
    ],
    ['pattern \\S', 'POST', () => '/organization', { name: '   ' }, 'body.name', 'must not be blank'],
    [
      'pattern',
      'GET',
      () => `/organization/${org.id}/auditEvent?limit=ten`,
      undefined,
      'querystring.limit',
      'is not in the expected form',
    ],
    ['required', 'POST', () => `/organization/${org.id}/apiToken`, {}, 'body.name', 'is required'],
    [
      'additionalProperties (body)',
      'POST',
      () => '/organization',
      { name: 'x', nmae: 'y' },
      'body.nmae',
      'is not a field of this request',
    ],
    [
      'additionalProperties (query)',
      'GET',
      () => `/organization/${org.id}/apiToken?nmae=x`,
      undefined,
      'querystring.nmae',
      'is not a field of this request',
    ],
    [
      'enum',
      'POST',
      () => `/project/${projectId}/environment`,
      { name: 'qa', mode: 'QA' },
      'body.mode',
      'must be one of: DEVELOPMENT, PREVIEW, STAGING, PRODUCTION',
    ],
    ['type', 'POST', () => '/organization', { name: 12 }, 'body.name', 'must be a string'],
    ['type (whole body)', 'POST', () => '/organization', [], 'body', 'must be an object'],
    [
      'anyOf of literals',
      'POST',
      () => `/organization/${org.id}/inviteMember`,
      { email: 'x@example.test', role: 'GOD' },
      'body.role',
      'must be one of: ADMIN, DEVELOPER, OWNER, VIEWER',
    ],
    [
      'anyOf of a literal and null',
      'POST',
      () => `/organization/${org.id}/apiToken`,
      { name: 'x', scope: 'ALL' },
      'body.scope',
      'must be one of: ADMIN, null',
    ],
    [
      'anyOf of a UUID and null (bad string)',
      'POST',
      () => `/organization/${org.id}/apiToken`,
      { name: 'x', role_id: 'devops' },
      'body.role_id',
      'must be a UUID or null',
    ],
    [
      'anyOf of a UUID and null (number)',
      'POST',
      () => `/organization/${org.id}/apiToken`,
      { name: 'x', role_id: 5 },
      'body.role_id',
      'must be a UUID or null',
    ],
  ]

  it.each(cases)('%s: says it in words', async (_, method, path, body, field, message) => {
    const res = await refused(method, path(), body)
    expect(res.body.errors).toEqual([{ field, message }])
  })

  it('names every bad field of one request, each in words', async () => {
    const res = await refused('POST', '/auth/signup', { email: 'nope', password: 'short', is_admin: true })
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'body.email', message: 'must be an email address' },
        { field: 'body.password', message: 'must be at least 8 characters' },
        { field: 'body.name', message: 'is required' },
        { field: 'body.is_admin', message: 'is not a field of this request' },
      ]),
    )
  })
})

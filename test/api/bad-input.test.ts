import type { InjectOptions } from 'fastify'
import { beforeAll, expect, it } from 'vitest'
import {
  type ApiResponse,
  call,
  createApiToken,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
  type TestOrganization,
  type TestUser,
} from '../support/api.ts'
import { countRows } from '../support/fixtures.ts'
import { describeEachDatabase, type TestGatehouse } from '../support/harness.ts'

/** Small enough that a request of a few kilobytes crosses it. */
const BODY_LIMIT = 2048

/** A raw request: these cases are about bytes and headers that `call` would get right. */
async function raw(gatehouse: TestGatehouse, options: InjectOptions): Promise<ApiResponse> {
  const response = await gatehouse.app.inject(options)
  let body: unknown
  try {
    body = JSON.parse(response.body)
  } catch {
    body = undefined
  }
  return { status: response.statusCode, body, headers: response.headers, text: response.body }
}

/** Runs a request that must be refused, and proves it changed nothing in the database. */
async function expectRefusedUnchanged(
  gatehouse: TestGatehouse,
  send: () => Promise<ApiResponse>,
  status: number,
): Promise<ApiResponse> {
  const before = await countRows(gatehouse)
  const orgsBefore = await gatehouse.deps.db.selectFrom('organizations').selectAll().orderBy('id').execute()
  const res = await send()
  expectProblem(res, status)
  // Field errors are in words a person reads, never the schema validator's own text.
  expect(res.text).not.toMatch(/anyOf|oneOf|must NOT|must match|must have required|must be equal/)
  // Refusals carry the same protective headers as successes.
  expect(res.headers['cache-control']).toBe('no-store')
  expect(res.headers['x-content-type-options']).toBe('nosniff')
  expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'")
  expect(res.headers['referrer-policy']).toBe('no-referrer')
  expect(await countRows(gatehouse)).toEqual(before)
  expect(await gatehouse.deps.db.selectFrom('organizations').selectAll().orderBy('id').execute()).toEqual(
    orgsBefore,
  )
  return res
}

const fieldsOf = (res: ApiResponse): string[] =>
  (res.body.errors ?? []).map((e: { field: string }) => e.field)

describeEachDatabase(
  'Bad input on real routes',
  (gatehouse) => {
    let owner: TestUser
    let org: TestOrganization
    let token: { id: string; token: string; as: { token: string } }
    const bearer = () => `Bearer ${owner.session}`

    beforeAll(async () => {
      owner = await signUpAndLogIn(gatehouse())
      org = await createOrganization(gatehouse(), owner)
      token = await createApiToken(gatehouse(), org, 'admin')
    })

    it('answers 400 to malformed JSON', async () => {
      for (const payload of [
        '{"name":',
        '{name: "x"}',
        "{'name':'x'}",
        '{"name":"x",}',
        'nul',
        '"unterminated',
      ]) {
        const res = await expectRefusedUnchanged(
          gatehouse(),
          () =>
            raw(gatehouse(), {
              method: 'POST',
              url: '/api/organization',
              headers: { authorization: bearer(), 'content-type': 'application/json' },
              payload,
            }),
          400,
        )
        expect(res.text).not.toContain(payload)
      }
    })

    it('answers 415 to a body that is not JSON', async () => {
      for (const [type, payload] of [
        ['text/plain', '{"name":"plain"}'],
        ['application/xml', '<name>x</name>'],
        ['application/x-www-form-urlencoded', 'name=form'],
        [
          'multipart/form-data; boundary=x',
          '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nm\r\n--x--',
        ],
      ]) {
        await expectRefusedUnchanged(
          gatehouse(),
          () =>
            raw(gatehouse(), {
              method: 'POST',
              url: '/api/organization',
              headers: { authorization: bearer(), 'content-type': type as string },
              payload,
            }),
          415,
        )
      }
    })

    it(`answers 413 to a body over GATEHOUSE_BODY_LIMIT_BYTES (${BODY_LIMIT}), on open and on signed-in routes`, async () => {
      const big = 'x'.repeat(BODY_LIMIT + 100)
      await expectRefusedUnchanged(
        gatehouse(),
        () =>
          call(gatehouse(), 'POST', '/organization', {
            as: owner.as,
            body: { name: 'ok', description: big },
          }),
        413,
      )
      await expectRefusedUnchanged(
        gatehouse(),
        () =>
          call(gatehouse(), 'POST', '/auth/signup', {
            body: { email: 'big@example.test', password: 'long enough', name: big },
          }),
        413,
      )
      // Just under the limit, the body is read and judged on its content instead.
      const underLimit = await call(gatehouse(), 'POST', '/organization', {
        as: owner.as,
        body: { name: 'n'.repeat(BODY_LIMIT - 100) },
      })
      expectProblem(underLimit, 400)
    })

    it('answers 400 to an empty body declared as JSON, and to an empty object', async () => {
      await expectRefusedUnchanged(
        gatehouse(),
        () =>
          raw(gatehouse(), {
            method: 'POST',
            url: '/api/organization',
            headers: { authorization: bearer(), 'content-type': 'application/json' },
            payload: '',
          }),
        400,
      )
      const emptyObject = await expectRefusedUnchanged(
        gatehouse(),
        () => call(gatehouse(), 'POST', `/organization/${org.id}/apiToken`, { as: owner.as, body: {} }),
        400,
      )
      expect(fieldsOf(emptyObject)).toContain('body.name')
      const noBody = await expectRefusedUnchanged(
        gatehouse(),
        () =>
          raw(gatehouse(), {
            method: 'POST',
            url: '/api/organization',
            headers: { authorization: bearer() },
          }),
        400,
      )
      expect(fieldsOf(noBody)).toContain('body')
    })

    it('answers 400 naming the parameter for an invalid UUID in a path', async () => {
      const cases: [string, 'GET' | 'PUT' | 'DELETE', string, object | undefined][] = [
        ['params.organizationId', 'GET', '/organization/not-a-uuid', undefined],
        ['params.organizationId', 'PUT', `/organization/${org.id.slice(0, -1)}`, { name: 'x' }],
        ['params.organizationId', 'DELETE', `/organization/${org.id}x`, undefined],
        ['params.organizationId', 'GET', '/organization/%00/apiToken', undefined],
        ['params.apiTokenId', 'DELETE', `/organization/${org.id}/apiToken/12`, undefined],
      ]
      for (const [field, method, path, body] of cases) {
        const res = await expectRefusedUnchanged(
          gatehouse(),
          () => call(gatehouse(), method, path, { as: owner.as, body }),
          400,
        )
        expect(fieldsOf(res), path).toContain(field)
      }
    })

    it('answers 404 problem+json to an unknown route, with or without a credential', async () => {
      for (const as of [owner.as, token.as, undefined]) {
        for (const [method, path] of [
          ['GET', '/nothing-here'],
          ['POST', '/organizations'],
          ['GET', `/organization/${org.id}/apiTokens`],
          ['PATCH', `/organization/${org.id}`],
        ] as const) {
          const res = await expectRefusedUnchanged(
            gatehouse(),
            () => call(gatehouse(), method, path, { as, body: method === 'GET' ? undefined : { name: 'x' } }),
            404,
          )
          expect(res.headers['cache-control']).toBe('no-store')
        }
      }
      const outsideApi = await raw(gatehouse(), { method: 'GET', url: '/no-such-page' })
      expectProblem(outsideApi, 404)
    })

    it('answers 400 naming body.<field> for an unknown field, on every route with a body', async () => {
      const cases: [string, 'POST' | 'PUT', string, Record<string, unknown>, boolean][] = [
        [
          'signup',
          'POST',
          '/auth/signup',
          { email: 'u@example.test', password: 'long enough', name: 'U' },
          false,
        ],
        ['login', 'POST', '/auth/login', { email: owner.email, password: owner.password }, false],
        ['create organization', 'POST', '/organization', { name: 'x' }, true],
        ['update organization', 'PUT', `/organization/${org.id}`, { name: 'x' }, true],
        ['create token', 'POST', `/organization/${org.id}/apiToken`, { name: 'x' }, true],
      ]
      for (const [label, method, path, body, signedIn] of cases) {
        const res = await expectRefusedUnchanged(
          gatehouse(),
          () =>
            call(gatehouse(), method, path, {
              as: signedIn ? owner.as : undefined,
              body: { ...body, is_admin: true },
            }),
          400,
        )
        expect(fieldsOf(res), label).toContain('body.is_admin')
      }
    })

    it('answers 400 to a value of the wrong type: no coercion', async () => {
      const cases: [string, string, Record<string, unknown>, string][] = [
        ['POST', '/organization', { name: 12 }, 'body.name'],
        ['POST', '/organization', { name: true }, 'body.name'],
        ['POST', '/organization', { name: ['a'] }, 'body.name'],
        ['POST', '/organization', { name: { first: 'a' } }, 'body.name'],
        ['POST', '/organization', { name: 'ok', description: null }, 'body.description'],
        ['PUT', `/organization/${org.id}`, { name: 12 }, 'body.name'],
        ['POST', `/organization/${org.id}/apiToken`, { name: 'ok', role_id: 5 }, 'body.role_id'],
        ['POST', `/organization/${org.id}/apiToken`, { name: 'ok', description: 7 }, 'body.description'],
      ]
      for (const [method, path, body, field] of cases) {
        const res = await expectRefusedUnchanged(
          gatehouse(),
          () => call(gatehouse(), method as 'POST' | 'PUT', path, { as: owner.as, body }),
          400,
        )
        expect(fieldsOf(res), JSON.stringify(body)).toContain(field)
      }
      const stillNamed = await call(gatehouse(), 'GET', `/organization/${org.id}`, { as: owner.as })
      expect(stillNamed.body.name).toBe(org.name)
    })

    it('answers 400 to a top-level JSON value that is not an object', async () => {
      for (const payload of ['[]', '"name"', '42', 'null', 'true']) {
        await expectRefusedUnchanged(
          gatehouse(),
          () =>
            raw(gatehouse(), {
              method: 'POST',
              url: '/api/organization',
              headers: { authorization: bearer(), 'content-type': 'application/json' },
              payload,
            }),
          400,
        )
      }
    })

    it('answers 400 to prototype-poisoning keys', async () => {
      for (const payload of [
        '{"name":"p","__proto__":{"isAdmin":true}}',
        '{"name":"p","constructor":{"prototype":{}}}',
      ]) {
        await expectRefusedUnchanged(
          gatehouse(),
          () =>
            raw(gatehouse(), {
              method: 'POST',
              url: '/api/organization',
              headers: { authorization: bearer(), 'content-type': 'application/json' },
              payload,
            }),
          400,
        )
      }
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
    })

    it('answers 400 to text holding a NUL character, wherever it is stored or searched', async () => {
      const cases: [string, string, Record<string, unknown> | undefined, boolean][] = [
        ['POST', '/organization', { name: 'a\u0000b' }, true],
        ['POST', '/organization', { name: 'ok', description: '\u0000' }, true],
        ['PUT', `/organization/${org.id}`, { name: 'x\u0000' }, true],
        ['POST', `/organization/${org.id}/apiToken`, { name: 'nul\u0000' }, true],
        ['GET', `/organization/${org.id}/apiToken?name=%00`, undefined, true],
        ['GET', `/organization/${org.id}/apiToken?creatorName=a%00`, undefined, true],
        [
          'POST',
          '/auth/signup',
          { email: 'nul@example.test', password: 'long enough', name: 'N\u0000' },
          false,
        ],
      ]
      for (const [method, path, body, signedIn] of cases) {
        await expectRefusedUnchanged(
          gatehouse(),
          () =>
            call(gatehouse(), method as 'GET' | 'POST' | 'PUT', path, {
              as: signedIn ? owner.as : undefined,
              body,
            }),
          400,
        )
      }
    })

    it('answers 400 problem+json to a malformed URL and to an over-long path parameter', async () => {
      for (const url of [
        '/api/organization/%E0%A4%A',
        '/api/organization/%zz',
        `/api/organization/${'a'.repeat(500)}`,
        `/api/organization/${org.id}/apiToken/${'b'.repeat(500)}`,
      ]) {
        await expectRefusedUnchanged(
          gatehouse(),
          () => raw(gatehouse(), { method: 'DELETE', url, headers: { authorization: bearer() } }),
          400,
        )
      }
    })

    it('still accepts well-formed JSON with a charset (the control case)', async () => {
      const res = await raw(gatehouse(), {
        method: 'POST',
        url: '/api/organization',
        headers: { authorization: bearer(), 'content-type': 'application/json; charset=utf-8' },
        payload: JSON.stringify({ name: 'Control' }),
      })
      expect(res.status).toBe(201)
    })

    it('never answers 500 nor leaks a stack trace to any of the above', async () => {
      const lines = gatehouse().logs.filter((line) => line.includes('"level":50'))
      expect(lines).toEqual([])
    })
  },
  { GATEHOUSE_BODY_LIMIT_BYTES: String(BODY_LIMIT) },
)

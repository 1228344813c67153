import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiResponse,
  createApiToken,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
  type TestApiToken,
  type TestOrganization,
} from '../support/api.ts'
import { countRows } from '../support/fixtures.ts'
import { startTestGatehouse, type TestGatehouse } from '../support/harness.ts'

/**
 * Fastify's inject cannot send one header twice, and Node's parser keeps only the first
 * Authorization header: these requests go over a real socket, bytes as written.
 */
async function rawRequest(
  port: number,
  method: string,
  path: string,
  headers: [string, string][],
  body?: unknown,
): Promise<ApiResponse> {
  const payload = body === undefined ? '' : JSON.stringify(body)
  const lines = [
    `${method} ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Connection: close',
    ...headers.map(([name, value]) => `${name}: ${value}`),
    ...(body === undefined
      ? []
      : ['Content-Type: application/json', `Content-Length: ${Buffer.byteLength(payload)}`]),
  ]
  const text = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    socket.on('error', reject)
    socket.write(`${lines.join('\r\n')}\r\n\r\n${payload}`)
  })
  const [head = '', ...rest] = text.split('\r\n\r\n')
  const [statusLine = '', ...headerLines] = head.split('\r\n')
  const responseHeaders: Record<string, string> = {}
  for (const line of headerLines) {
    const at = line.indexOf(':')
    responseHeaders[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim()
  }
  let responseBody = rest.join('\r\n\r\n')
  if (responseHeaders['transfer-encoding'] === 'chunked') {
    let decoded = ''
    let remaining = responseBody
    for (;;) {
      const eol = remaining.indexOf('\r\n')
      const size = Number.parseInt(remaining.slice(0, eol), 16)
      if (!size) break
      decoded += remaining.slice(eol + 2, eol + 2 + size)
      remaining = remaining.slice(eol + 2 + size + 2)
    }
    responseBody = decoded
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(responseBody)
  } catch {
    parsed = undefined
  }
  return {
    status: Number(statusLine.split(' ')[1]),
    body: parsed,
    headers: responseHeaders,
    text: responseBody,
  }
}

describe('Duplicate Authorization headers [pglite]', () => {
  let gatehouse: TestGatehouse
  let port: number
  let organization: TestOrganization
  let admin: TestApiToken
  let viewer: TestApiToken
  const tokenRequest = () => ({
    name: `made over a socket ${Math.random()}`,
    description: 'a token',
    role_id: organization.roles.viewer,
  })

  beforeAll(async () => {
    // Two failed authentications block the address: duplicate headers must not count as any.
    gatehouse = await startTestGatehouse('pglite', { GATEHOUSE_AUTH_FAILURE_LIMIT: '2' })
    await gatehouse.app.listen({ host: '127.0.0.1', port: 0 })
    const address = gatehouse.app.server.address()
    if (!address || typeof address === 'string') throw new Error('not listening')
    port = address.port
    const owner = await signUpAndLogIn(gatehouse)
    organization = await createOrganization(gatehouse, owner)
    admin = await createApiToken(gatehouse, organization, 'admin')
    viewer = await createApiToken(gatehouse, organization, 'viewer')
  })
  afterAll(async () => {
    await gatehouse?.close()
  })

  const path = () => `/api/organization/${organization.id}/apiToken`

  it('one Token header works as before', async () => {
    const res = await rawRequest(
      port,
      'POST',
      path(),
      [['Authorization', `Token ${admin.token}`]],
      tokenRequest(),
    )
    expect(res.status).toBe(201)
  })

  for (const [label, second] of [
    ['two valid tokens', () => `Token ${viewer.token}`],
    ['the same token twice', () => `Token ${admin.token}`],
    ['a valid token and a bogus one', () => 'Token gh_not_a_real_token'],
    ['a Token header and a Basic one', () => 'Basic Zm9vOmJhcg=='],
  ] as const) {
    it(`refuses ${label} with 400, and changes nothing`, async () => {
      const before = await countRows(gatehouse)
      for (let i = 0; i < 3; i++) {
        const res = await rawRequest(
          port,
          'POST',
          path(),
          [
            ['Authorization', `Token ${admin.token}`],
            [i % 2 ? 'authorization' : 'AUTHORIZATION', second()],
          ],
          tokenRequest(),
        )
        expectProblem(res, 400)
        expect(res.body).toMatchObject({
          reason: 'invalid_input',
          detail: 'Send one Authorization header, not several.',
        })
        expect(res.headers['www-authenticate']).toBeUndefined()
      }
      expect(await countRows(gatehouse)).toEqual(before)
      // Not failed authentications: the address is not blocked (the limit is 2).
      const after = await rawRequest(port, 'GET', path(), [['Authorization', `Token ${admin.token}`]])
      expect(after.status).toBe(200)
    })
  }

  it('refuses the bogus token first, too (the first header no longer wins)', async () => {
    const res = await rawRequest(port, 'GET', path(), [
      ['Authorization', 'Token gh_not_a_real_token'],
      ['Authorization', `Token ${admin.token}`],
    ])
    expectProblem(res, 400)
  })
})

import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withDatabase } from '../support/global-setup.ts'
import { dropPostgresDatabase } from '../support/harness.ts'
import { http, type ServerProcess, startServerProcess } from '../support/process.ts'

const adminUrl = process.env.GATEHOUSE_TEST_DATABASE_URL
if (!adminUrl)
  console.warn(
    'token-lifecycle-two-processes.test.ts: skipped, GATEHOUSE_TEST_DATABASE_URL is not set (CI sets it)',
  )

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Two real Gatehouse processes on one PostgreSQL: a token made unusable on one (its expiry, an
 * address list it is used outside of, a rotation whose grace period ended, a leak report) is
 * refused by the other on its next request, though the other had it cached.
 */
describe.skipIf(!adminUrl)('the token lifecycle across two server processes', () => {
  let databaseUrl = ''
  let a: ServerProcess
  let b: ServerProcess
  let session = ''
  let orgId = ''

  beforeAll(async () => {
    const name = `gatehouse_life_${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    await admin.end()
    databaseUrl = withDatabase(adminUrl as string, name)
    a = await startServerProcess({ DATABASE_URL: databaseUrl })
    b = await startServerProcess({ DATABASE_URL: databaseUrl })
    const email = `life-${randomBytes(4).toString('hex')}@example.test`
    await http(a.url, 'POST', '/auth/signup', { body: { email, password: 'password-123', name: 'Life' } })
    const login = await http(a.url, 'POST', '/auth/login', { body: { email, password: 'password-123' } })
    session = `Bearer ${login.body.token}`
    const org = await http(a.url, 'POST', '/organization', { authorization: session, body: { name: 'Life' } })
    orgId = org.body.id
  }, 120_000)

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()])
    if (databaseUrl) await dropPostgresDatabase(databaseUrl)
  })

  async function createToken(body: Record<string, unknown>) {
    const created = await http(a.url, 'POST', `/organization/${orgId}/apiToken`, {
      authorization: session,
      body: { name: `t-${randomBytes(3).toString('hex')}`, ...body },
    })
    expect(created.status).toBe(201)
    return { id: created.body.id as string, authorization: `Token ${created.body.token}` }
  }

  const whoami = (server: ServerProcess, authorization: string) =>
    http(server.url, 'GET', '/auth/whoami', { authorization })

  it('an expired token: no request the other process receives after the expiry is accepted', async () => {
    const expiresAt = Date.now() + 2500
    const token = await createToken({ expires_at: new Date(expiresAt).toISOString() })
    expect((await whoami(b, token.authorization)).status).toBe(200)
    const acceptedLate: number[] = []
    while (Date.now() < expiresAt + 500) {
      const sentAt = Date.now()
      const answer = await whoami(b, token.authorization)
      if (answer.status === 200 && sentAt >= expiresAt) acceptedLate.push(sentAt - expiresAt)
      await sleep(20)
    }
    expect(acceptedLate).toEqual([])
    expect((await whoami(b, token.authorization)).status).toBe(401)
    expect((await whoami(a, token.authorization)).status).toBe(401)
  })

  it('an address list changed on one process applies to the next request on the other', async () => {
    const token = await createToken({ allowed_cidrs: ['127.0.0.1', '::1'] })
    expect((await whoami(b, token.authorization)).status).toBe(200)
    const edited = await http(a.url, 'PATCH', `/organization/${orgId}/apiToken/${token.id}`, {
      authorization: session,
      body: { allowed_cidrs: ['203.0.113.0/24'] },
    })
    expect(edited.status).toBe(200)
    expect((await whoami(b, token.authorization)).status).toBe(401)
  })

  it('a rotated value is refused by the other process once its grace period ends; the new value works there at once', async () => {
    const token = await createToken({})
    expect((await whoami(b, token.authorization)).status).toBe(200)
    const rotated = await http(a.url, 'POST', `/organization/${orgId}/apiToken/${token.id}/rotate`, {
      authorization: session,
      body: { grace_period_seconds: 2 },
    })
    expect(rotated.status).toBe(201)
    const fresh = `Token ${rotated.body.token}`
    expect((await whoami(b, fresh)).status).toBe(200)
    expect((await whoami(b, token.authorization)).status).toBe(200)
    const graceEnds = Date.parse(rotated.body.grace_period_ends_at)
    await sleep(Math.max(0, graceEnds - Date.now()) + 50)
    expect((await whoami(b, token.authorization)).status).toBe(401)
    expect((await whoami(b, fresh)).status).toBe(200)
  })

  it('a rotation with no grace period, and a leak report, are refused by the other process on its next request', async () => {
    const rotatedToken = await createToken({})
    const leakedToken = await createToken({})
    for (const token of [rotatedToken, leakedToken])
      expect((await whoami(b, token.authorization)).status).toBe(200)
    const rotated = await http(a.url, 'POST', `/organization/${orgId}/apiToken/${rotatedToken.id}/rotate`, {
      authorization: session,
      body: {},
    })
    expect(rotated.status).toBe(201)
    expect((await whoami(b, rotatedToken.authorization)).status).toBe(401)
    const reported = await http(a.url, 'POST', '/apiToken/revokeLeaked', {
      body: [{ token: leakedToken.authorization.slice('Token '.length), url: 'https://example.test/leak' }],
    })
    expect(reported.status).toBe(200)
    expect((await whoami(b, leakedToken.authorization)).status).toBe(401)
    const listed = await http(b.url, 'GET', `/organization/${orgId}/apiToken/${leakedToken.id}`, {
      authorization: session,
    })
    expect(listed.body.status).toBe('revoked_leaked')
  })
})

import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateToken } from '../../src/core/token.ts'
import { clonePostgresTemplate, dropPostgresDatabase } from '../support/harness.ts'
import { type ServerProcess, startServerProcess } from '../support/process.ts'

const adminUrl = process.env.GATEHOUSE_TEST_DATABASE_URL
if (!adminUrl)
  console.warn('shared-limits.test.ts: skipped, GATEHOUSE_TEST_DATABASE_URL is not set (CI sets it)')

const LIMIT = 4

/** A request from the client address `from` (both processes believe one proxy hop). */
async function send(
  server: ServerProcess,
  path: string,
  from: string,
  init: { authorization?: string; body?: unknown },
) {
  const headers: Record<string, string> = { 'x-forwarded-for': from }
  if (init.authorization) headers.authorization = init.authorization
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(`${server.url}/api${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  })
  await response.arrayBuffer()
  return response.status
}

/** Fixed windows are aligned on the minute: start a minute-long test well inside one. */
async function awayFromMinuteBoundary() {
  const intoMinute = Date.now() % 60_000
  if (intoMinute > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute))
}

/**
 * Two processes on one PostgreSQL with small limits: attempts sent to both, alternately, meet one
 * limit, not one per process (in memory each process would let LIMIT through, 2 x LIMIT in all).
 */
describe.skipIf(!adminUrl)('limits shared by two processes on one PostgreSQL', () => {
  let databaseUrl = ''
  let a: ServerProcess
  let b: ServerProcess

  beforeAll(async () => {
    databaseUrl = await clonePostgresTemplate()
    const env = {
      DATABASE_URL: databaseUrl,
      GATEHOUSE_TRUST_PROXY: '1',
      GATEHOUSE_AUTH_FAILURE_LIMIT: String(LIMIT),
      GATEHOUSE_SIGNUP_LIMIT_PER_MINUTE: String(LIMIT),
    }
    ;[a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)])
  }, 120_000)

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()])
    if (databaseUrl) await dropPostgresDatabase(databaseUrl)
  })

  it('failed authentications: the address is refused by both after the limit, counted on both', async () => {
    await awayFromMinuteBoundary()
    const from = `203.0.113.${randomBytes(1)[0]}`
    const statuses: number[] = []
    for (let i = 0; i < 3 * LIMIT; i++) {
      const server = i % 2 === 0 ? a : b
      statuses.push(
        await send(server, '/auth/whoami', from, { authorization: `Token ${generateToken('api_token')}` }),
      )
    }
    const evaluated = statuses.filter((status) => status === 401).length
    // The limit, plus at most one failure per other process (it learns the count at its next one).
    expect(evaluated).toBeGreaterThanOrEqual(LIMIT)
    expect(evaluated).toBeLessThanOrEqual(LIMIT + 1)
    expect(statuses.slice(-4)).toEqual([429, 429, 429, 429])
    // Another address is not affected.
    expect(
      await send(a, '/auth/whoami', '198.51.100.7', { authorization: `Token ${generateToken('api_token')}` }),
    ).toBe(401)
  })

  it('signups: LIMIT accounts per address per minute across both processes', async () => {
    await awayFromMinuteBoundary()
    const from = `192.0.2.${randomBytes(1)[0]}`
    const statuses: number[] = []
    for (let i = 0; i < 2 * LIMIT; i++) {
      const server = i % 2 === 0 ? a : b
      const email = `shared-${randomBytes(4).toString('hex')}@example.test`
      statuses.push(
        await send(server, '/auth/signup', from, { body: { email, password: 'password-123', name: 'S' } }),
      )
    }
    expect(statuses.filter((status) => status === 201)).toHaveLength(LIMIT)
    expect(statuses.slice(LIMIT)).toEqual(Array(LIMIT).fill(429))
  }, 60_000)

  it("an account's failed sign-ins lock it on both processes, whatever the address", async () => {
    const email = `locked-${randomBytes(4).toString('hex')}@example.test`
    expect(
      await send(a, '/auth/signup', '198.18.0.1', { body: { email, password: 'password-123', name: 'L' } }),
    ).toBe(201)
    const statuses: number[] = []
    // Five free failures, spread over both processes and five addresses; then the account is locked.
    for (let i = 0; i < 7; i++) {
      const server = i % 2 === 0 ? a : b
      statuses.push(
        await send(server, '/auth/login', `198.18.1.${i}`, { body: { email, password: 'wrong-password' } }),
      )
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
    expect(statuses.slice(5)).toEqual([429, 429])
    // The right password is refused too while the lock lasts (1 s after the fifth failure)...
    expect(await send(b, '/auth/login', '198.18.2.1', { body: { email, password: 'password-123' } })).toBe(
      429,
    )
    // ...and taken once it is over, on either process.
    await new Promise((resolve) => setTimeout(resolve, 1200))
    expect(await send(a, '/auth/login', '198.18.2.2', { body: { email, password: 'password-123' } })).toBe(
      200,
    )
  }, 60_000)
})

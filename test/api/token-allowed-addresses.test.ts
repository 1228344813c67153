import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateToken } from '../../src/core/token.ts'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../support/api.ts'
import { auditEvents } from '../support/fixtures.ts'
import { describeEachDatabase, startTestGatehouse, type TestGatehouse } from '../support/harness.ts'

/** A token allowed from 203.0.113.0/24 and 2001:db8::/32 only, and a way to call whoami with it. */
async function restrictedToken(gh: TestGatehouse) {
  const owner = await signUpAndLogIn(gh)
  const org = await createOrganization(gh, owner)
  const created = await call(gh, 'POST', `/organization/${org.id}/apiToken`, {
    as: owner.as,
    body: { name: 'office only', allowed_cidrs: ['203.0.113.0/24', '2001:db8::/32'] },
  })
  expect(created.status).toBe(201)
  const whoami = (remoteAddress: string, forwardedFor?: string) =>
    call(gh, 'GET', '/auth/whoami', {
      as: { token: created.body.token },
      remoteAddress,
      ...(forwardedFor ? { headers: { 'x-forwarded-for': forwardedFor } } : {}),
    })
  return { org, owner, id: created.body.id as string, whoami }
}

describeEachDatabase('allowed addresses, no proxy trusted (the default)', (gatehouse) => {
  it('admits a request from inside the list, IPv4 and IPv6, and refuses one from outside with the same 401 as an unknown token', async () => {
    const gh = gatehouse()
    const token = await restrictedToken(gh)
    expect((await token.whoami('203.0.113.9')).status).toBe(200)
    expect((await token.whoami('2001:db8:1::5')).status).toBe(200)
    expect((await token.whoami('::ffff:203.0.113.10')).status).toBe(200)
    const refused = await token.whoami('198.51.100.1')
    const unknown = await call(gh, 'GET', '/auth/whoami', { as: { token: generateToken('api_token') } })
    expectProblem(refused, 401)
    expect(refused.text).toBe(unknown.text)
    expectProblem(await token.whoami('2001:db9::1'), 401)
  })

  it('ignores a forged X-Forwarded-For: the socket address decides', async () => {
    const gh = gatehouse()
    const token = await restrictedToken(gh)
    expectProblem(await token.whoami('198.51.100.1', '203.0.113.9'), 401)
    expect((await token.whoami('203.0.113.9', '198.51.100.1')).status).toBe(200)
  })

  it('records the refusal in the audit trail with the refused address, once a minute per address', async () => {
    const gh = gatehouse()
    const token = await restrictedToken(gh)
    for (let i = 0; i < 3; i++) await token.whoami('198.51.100.77')
    await token.whoami('198.51.100.78')
    const events = await auditEvents(gh, token.org.id, 'api_token.refused_address')
    expect(events.map((e) => e.ip).sort()).toEqual(['198.51.100.77', '198.51.100.78'])
    expect(events[0]).toMatchObject({ actor_type: 'api_token', actor_id: token.id, target_id: token.id })
    expect(events[0]?.details).toEqual({ ip: events[0]?.ip })
    // The whole trail is readable through the API too.
    const trail = await call(
      gh,
      'GET',
      `/organization/${token.org.id}/auditEvent?action=api_token.refused_address`,
      {
        as: token.owner.as,
      },
    )
    expect(trail.body.results).toHaveLength(2)
  })
})

function withTrustProxy(setting: string, suite: (gatehouse: () => TestGatehouse) => void) {
  describe(`allowed addresses with GATEHOUSE_TRUST_PROXY=${setting} [pglite]`, () => {
    let gatehouse: TestGatehouse | undefined
    beforeAll(async () => {
      gatehouse = await startTestGatehouse('pglite', { GATEHOUSE_TRUST_PROXY: setting })
    })
    afterAll(async () => {
      await gatehouse?.close()
    })
    suite(() => gatehouse as TestGatehouse)
  })
}

withTrustProxy('127.0.0.1,10.0.0.0/8', (gatehouse) => {
  it('believes X-Forwarded-For from a trusted proxy, and not from anyone else', async () => {
    const token = await restrictedToken(gatehouse())
    expect((await token.whoami('127.0.0.1', '203.0.113.9')).status).toBe(200)
    expect((await token.whoami('10.1.1.1', '2001:db8::1')).status).toBe(200)
    expectProblem(await token.whoami('127.0.0.1', '198.51.100.1'), 401)
    // The client writes the left end itself: the address the trusted proxy saw decides.
    expectProblem(await token.whoami('127.0.0.1', '203.0.113.9, 198.51.100.1'), 401)
    // Not a trusted proxy: its header is ignored, its own address is outside.
    expectProblem(await token.whoami('198.51.100.5', '203.0.113.9'), 401)
    // The proxy itself is not in the list either.
    expectProblem(await token.whoami('127.0.0.1'), 401)
  })
})

withTrustProxy('1', (gatehouse) => {
  it('takes the address the one proxy hop saw, never the left end of the header', async () => {
    const token = await restrictedToken(gatehouse())
    expect((await token.whoami('192.0.2.50', '198.51.100.1, 203.0.113.9')).status).toBe(200)
    expectProblem(await token.whoami('192.0.2.50', '203.0.113.9, 198.51.100.1'), 401)
  })
})

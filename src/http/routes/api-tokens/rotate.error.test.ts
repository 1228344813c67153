import { expect, it } from 'vitest'
import {
  call,
  createApiToken,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
} from '../../../../test/support/api.ts'
import { countRows, unknownId } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('POST /organization/{id}/apiToken/{tokenId}/rotate: errors', (gatehouse) => {
  it.each([
    ['a negative grace period', { grace_period_seconds: -1 }, 'body.grace_period_seconds'],
    ['a grace period over a week', { grace_period_seconds: 604801 }, 'body.grace_period_seconds'],
    ['a fractional grace period', { grace_period_seconds: 1.5 }, 'body.grace_period_seconds'],
    ['a grace period as text', { grace_period_seconds: '60' }, 'body.grace_period_seconds'],
    ['an expiry in the past', { expires_at: '2001-01-01T00:00:00Z' }, 'body.expires_at'],
    ['an unknown field', { grace: 60 }, 'body.grace'],
  ])('answers 400 for %s, naming the field; the value is unchanged', async (_case, body, field) => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), org, 'viewer')
    const before = await countRows(gatehouse())
    const res = await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken/${token.id}/rotate`, {
      as: owner.as,
      body,
    })
    expectProblem(res, 400)
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field)
    expect(await countRows(gatehouse())).toEqual(before)
    expect((await call(gatehouse(), 'GET', '/auth/whoami', { as: token.as })).status).toBe(200)
  })

  it('answers 409 rotation_in_progress while the previous value is in its grace period; the values in use keep working', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), org, 'viewer')
    const path = `/organization/${org.id}/apiToken/${token.id}/rotate`
    const first = await call(gatehouse(), 'POST', path, { as: owner.as, body: { grace_period_seconds: 600 } })
    expect(first.status).toBe(201)
    const second = await call(gatehouse(), 'POST', path, { as: owner.as, body: { grace_period_seconds: 0 } })
    expectProblem(second, 409)
    expect(second.body.reason).toBe('rotation_in_progress')
    expect(second.body.detail).toContain(first.body.grace_period_ends_at)
    for (const value of [token.token, first.body.token])
      expect((await call(gatehouse(), 'GET', '/auth/whoami', { as: { token: value } })).status).toBe(200)
  })

  it('lets only one of two rotations made at the same moment through', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), org, 'viewer')
    const path = `/organization/${org.id}/apiToken/${token.id}/rotate`
    const answers = await Promise.all(
      [1, 2].map(() =>
        call(gatehouse(), 'POST', path, { as: owner.as, body: { grace_period_seconds: 300 } }),
      ),
    )
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409])
    const winner = answers.find((a) => a.status === 201)
    const loser = answers.find((a) => a.status === 409)
    expect(loser?.body.reason).toBe('rotation_in_progress')
    // The winner's value and the original (in its grace) work; nothing else was issued.
    expect(
      (await call(gatehouse(), 'GET', '/auth/whoami', { as: { token: winner?.body.token } })).status,
    ).toBe(200)
    expect((await call(gatehouse(), 'GET', '/auth/whoami', { as: token.as })).status).toBe(200)
  })

  it('refuses a grace period for a leaked token, and needs a new expiry for an expired one', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const leaked = await createApiToken(gatehouse(), org, 'viewer')
    const expired = await createApiToken(gatehouse(), org, 'viewer')
    await call(gatehouse(), 'POST', '/apiToken/revokeLeaked', { body: [{ token: leaked.token }] })
    await gatehouse()
      .deps.db.updateTable('api_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', expired.id)
      .execute()
    const withGrace = await call(
      gatehouse(),
      'POST',
      `/organization/${org.id}/apiToken/${leaked.id}/rotate`,
      {
        as: owner.as,
        body: { grace_period_seconds: 60 },
      },
    )
    expectProblem(withGrace, 400)
    expect(withGrace.body.errors).toEqual([
      { field: 'body.grace_period_seconds', message: expect.any(String) },
    ])
    const noExpiry = await call(
      gatehouse(),
      'POST',
      `/organization/${org.id}/apiToken/${expired.id}/rotate`,
      {
        as: owner.as,
        body: {},
      },
    )
    expectProblem(noExpiry, 400)
    expect(noExpiry.body.errors).toEqual([{ field: 'body.expires_at', message: expect.any(String) }])
  })

  it("answers 400 naming the organization's limit for an expiry beyond it, 404 for an unknown token", async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), org, 'viewer')
    await call(gatehouse(), 'PUT', `/organization/${org.id}`, {
      as: owner.as,
      body: { name: org.name, api_token_max_lifetime_days: 7 },
    })
    const beyond = await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken/${token.id}/rotate`, {
      as: owner.as,
      body: { expires_at: new Date(Date.now() + 8 * 24 * 3600 * 1000).toISOString() },
    })
    expectProblem(beyond, 400)
    expect(beyond.body.detail).toContain('7 days')
    expectProblem(
      await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken/${unknownId}/rotate`, {
        as: owner.as,
        body: {},
      }),
      404,
    )
  })
})

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

const DAY = 24 * 3600 * 1000

describeEachDatabase('PATCH /organization/{id}/apiToken/{tokenId}: errors', (gatehouse) => {
  it.each([
    ['an empty body', {}, 'body'],
    ['an empty name', { name: '' }, 'body.name'],
    ['an unknown field', { token: 'gtok_x' }, 'body.token'],
    ['a role_id that is not a UUID', { role_id: 'admin' }, 'body.role_id'],
    ['a role_id that is no role', { role_id: unknownId }, 'body.role_id'],
    ['an expiry that is not a date', { expires_at: 'tomorrow' }, 'body.expires_at'],
    ['an expiry in the past', { expires_at: '2001-01-01T00:00:00Z' }, 'body.expires_at'],
    ['a malformed address', { allowed_cidrs: ['10.0.0.0/8', '10.0.0.300'] }, 'body.allowed_cidrs[1]'],
    ['a range with host bits', { allowed_cidrs: ['10.0.0.1/8'] }, 'body.allowed_cidrs[0]'],
    [
      '33 addresses',
      { allowed_cidrs: Array.from({ length: 33 }, (_, i) => `10.0.${i}.0/24`) },
      'body.allowed_cidrs',
    ],
  ])('answers 400 for %s, naming the field, and changes nothing', async (_case, body, field) => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), org, 'viewer')
    const before = await countRows(gatehouse())
    const path = `/organization/${org.id}/apiToken/${token.id}`
    const res = await call(gatehouse(), 'PATCH', path, { as: owner.as, body })
    expectProblem(res, 400)
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field)
    expect(await countRows(gatehouse())).toEqual(before)
    expect((await call(gatehouse(), 'GET', path, { as: owner.as })).body).toMatchObject({
      name: token.name,
      role_name: 'viewer',
      expires_at: null,
      allowed_cidrs: [],
    })
  })

  it('answers 400 naming the limit when pushing an expiry beyond it, or removing it, and for the owner role', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const path = `/organization/${org.id}/apiToken`
    const created = await call(gatehouse(), 'POST', path, {
      as: owner.as,
      body: { name: 'limited', expires_at: new Date(Date.now() + 5 * DAY).toISOString() },
    })
    await call(gatehouse(), 'PUT', `/organization/${org.id}`, {
      as: owner.as,
      body: { name: org.name, api_token_max_lifetime_days: 10 },
    })
    for (const expires_at of [new Date(Date.now() + 11 * DAY).toISOString(), null]) {
      const res = await call(gatehouse(), 'PATCH', `${path}/${created.body.id}`, {
        as: owner.as,
        body: { expires_at },
      })
      expectProblem(res, 400)
      expect(res.body.detail).toContain('10 days')
      expect(res.body.errors).toEqual([
        { field: 'body.expires_at', message: expect.stringContaining('10 days') },
      ])
    }
    const owned = await call(gatehouse(), 'PATCH', `${path}/${created.body.id}`, {
      as: owner.as,
      body: { role_id: org.roles.owner },
    })
    expectProblem(owned, 400)
    expect(owned.body.reason).toBe('role_not_assignable')
  })

  it('answers 409 for a name another token has, and 404 for an unknown token', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const a = await createApiToken(gatehouse(), org, 'viewer')
    const b = await createApiToken(gatehouse(), org, 'viewer')
    const taken = await call(gatehouse(), 'PATCH', `/organization/${org.id}/apiToken/${b.id}`, {
      as: owner.as,
      body: { name: a.name.toUpperCase() },
    })
    expectProblem(taken, 409)
    expect(taken.body.reason).toBe('name_taken')
    expectProblem(
      await call(gatehouse(), 'PATCH', `/organization/${org.id}/apiToken/${unknownId}`, {
        as: owner.as,
        body: { name: 'x' },
      }),
      404,
    )
  })

  it('refuses to change the expiry of an expired token (rotate it instead), but lets it be renamed', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), org, 'viewer')
    await gatehouse()
      .deps.db.updateTable('api_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', token.id)
      .execute()
    const path = `/organization/${org.id}/apiToken/${token.id}`
    const res = await call(gatehouse(), 'PATCH', path, {
      as: owner.as,
      body: { expires_at: new Date(Date.now() + DAY).toISOString() },
    })
    expectProblem(res, 400)
    expect(res.body.detail).toContain('Rotate it')
    expect((await call(gatehouse(), 'GET', '/auth/whoami', { as: token.as })).status).toBe(401)
    const renamed = await call(gatehouse(), 'PATCH', path, { as: owner.as, body: { name: 'old one' } })
    expect(renamed.status).toBe(200)
    expect(renamed.body.status).toBe('expired')
  })
})

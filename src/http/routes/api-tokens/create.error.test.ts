import { expect, it } from 'vitest'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { countRows } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('POST /organization/{id}/apiToken: errors', (gatehouse) => {
  it.each([
    ['no name', {}, 'body.name'],
    ['an empty name', { name: '' }, 'body.name'],
    ['a whitespace-only name', { name: '  \t ' }, 'body.name'],
    ['a name of 256 characters', { name: 'n'.repeat(256) }, 'body.name'],
    ['a number as name', { name: 12 }, 'body.name'],
    ['a description of 1001 characters', { name: 'ok', description: 'd'.repeat(1001) }, 'body.description'],
    ['a role_id that is not a UUID', { name: 'ok', role_id: 'admin' }, 'body.role_id'],
    [
      'a role_id that is no role',
      { name: 'ok', role_id: '00000000-0000-4000-8000-000000000000' },
      'body.role_id',
    ],
    ['an unknown field', { name: 'ok', expiry: '2030-01-01T00:00:00Z' }, 'body.expiry'],
    ['an expiry in the past', { name: 'ok', expires_at: '2001-01-01T00:00:00Z' }, 'body.expires_at'],
    ['an expiry that is not a date', { name: 'ok', expires_at: 'next week' }, 'body.expires_at'],
    ['an expiry without its offset', { name: 'ok', expires_at: '2099-01-01T00:00:00' }, 'body.expires_at'],
    ['a malformed address', { name: 'ok', allowed_cidrs: ['10.0.0.0/40'] }, 'body.allowed_cidrs[0]'],
    [
      'an address that is a name',
      { name: 'ok', allowed_cidrs: ['::1', 'localhost'] },
      'body.allowed_cidrs[1]',
    ],
    [
      '33 addresses',
      { name: 'ok', allowed_cidrs: Array.from({ length: 33 }, (_, i) => `10.${i}.0.0/16`) },
      'body.allowed_cidrs',
    ],
  ])('answers 400 for %s, naming the field, and creates nothing', async (_case, body, field) => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const before = await countRows(gatehouse())
    const res = await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken`, { as: owner.as, body })
    expectProblem(res, 400)
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field)
    expect(await countRows(gatehouse())).toEqual(before)
  })

  it('answers 409 for a name already taken, whatever its case or surrounding spaces', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const path = `/organization/${org.id}/apiToken`
    expect(
      (await call(gatehouse(), 'POST', path, { as: owner.as, body: { name: 'Deploy Bot' } })).status,
    ).toBe(201)
    const before = await countRows(gatehouse())
    for (const name of ['Deploy Bot', 'deploy bot', 'DEPLOY BOT', '  deploy Bot ']) {
      expectProblem(await call(gatehouse(), 'POST', path, { as: owner.as, body: { name } }), 409)
    }
    expect(await countRows(gatehouse())).toEqual(before)
  })

  it('allows the same name in two organizations', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    for (let i = 0; i < 2; i++) {
      const org = await createOrganization(gatehouse(), owner)
      const res = await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken`, {
        as: owner.as,
        body: { name: 'shared name' },
      })
      expect(res.status).toBe(201)
    }
  })

  it('answers 404 for an unknown organization, 400 for a malformed id, 401 without a credential', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const body = { name: 'x' }
    expectProblem(
      await call(gatehouse(), 'POST', '/organization/00000000-0000-4000-8000-000000000000/apiToken', {
        as: owner.as,
        body,
      }),
      404,
    )
    const bad = await call(gatehouse(), 'POST', '/organization/bad/apiToken', { as: owner.as, body })
    expectProblem(bad, 400)
    expect(bad.body.errors).toContainEqual({ field: 'params.organizationId', message: expect.any(String) })
    const org = await createOrganization(gatehouse(), owner)
    expectProblem(await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken`, { body }), 401)
  })
})

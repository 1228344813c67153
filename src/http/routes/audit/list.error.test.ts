import { expect, it } from 'vitest'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

const b64 = (text: string) => Buffer.from(text).toString('base64url')

describeEachDatabase('GET /organization/{id}/auditEvent: errors', (gatehouse) => {
  it.each([
    ['limit=0', 'querystring.limit'],
    ['limit=101', 'querystring.limit'],
    ['limit=999', 'querystring.limit'],
    ['limit=1000', 'querystring.limit'],
    ['limit=-1', 'querystring.limit'],
    ['limit=1.5', 'querystring.limit'],
    ['limit=abc', 'querystring.limit'],
    ['limit=', 'querystring.limit'],
    ['limit=010', 'querystring.limit'],
    ['cursor=not%20base64!', 'querystring.cursor'],
    ['cursor=', 'querystring.cursor'],
    [`cursor=${'A'.repeat(201)}`, 'querystring.cursor'],
    ['cursor=abc', 'querystring.cursor'],
    [`cursor=${b64('x|y')}`, 'querystring.cursor'],
    [`cursor=${b64('2030-01-01T00:00:00.123456Z|not-a-uuid')}`, 'querystring.cursor'],
    // Well formed but not a real instant: must not reach the database as a 500.
    [
      `cursor=${b64('2030-02-30T00:00:00.123456Z|00000000-0000-4000-8000-000000000000')}`,
      'querystring.cursor',
    ],
    [
      `cursor=${b64('0000-01-01T00:00:00.000000Z|00000000-0000-4000-8000-000000000000')}`,
      'querystring.cursor',
    ],
    ['action=*', 'querystring.action'],
    ['action=project.', 'querystring.action'],
    ['action=%25', 'querystring.action'],
    ["action=x'%20or%201=1", 'querystring.action'],
    [`action=${'a'.repeat(101)}`, 'querystring.action'],
    ['since=yesterday', 'querystring.since'],
  ])('refuses %s with 400 naming %s', async (query, field) => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const res = await call(gatehouse(), 'GET', `/organization/${org.id}/auditEvent?${query}`, {
      as: owner.as,
    })
    expectProblem(res, 400)
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field)
  })

  it('refuses an organization id that is not a UUID with 400', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const res = await call(gatehouse(), 'GET', '/organization/oops/auditEvent', { as: owner.as })
    expectProblem(res, 400)
    expect(res.body.errors[0].field).toBe('params.organizationId')
  })

  it('accepts a cursor from a past page even after new events arrive, and shows only older ones', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const first = await call(gatehouse(), 'GET', `/organization/${org.id}/auditEvent?limit=1`, {
      as: owner.as,
    })
    expect(first.body.next_cursor).toBeNull()
    await call(gatehouse(), 'POST', `/organization/${org.id}/project`, { as: owner.as, body: { name: 'p' } })
    const page = await call(gatehouse(), 'GET', `/organization/${org.id}/auditEvent?limit=1`, {
      as: owner.as,
    })
    expect(page.body.results[0].action).toBe('project.created')
    await call(gatehouse(), 'POST', `/organization/${org.id}/project`, { as: owner.as, body: { name: 'q' } })
    const next = await call(
      gatehouse(),
      'GET',
      `/organization/${org.id}/auditEvent?limit=1&cursor=${page.body.next_cursor}`,
      { as: owner.as },
    )
    expect(next.status).toBe(200)
    expect(next.body.results.map((e: { action: string }) => e.action)).toEqual(['organization.created'])
  })
})

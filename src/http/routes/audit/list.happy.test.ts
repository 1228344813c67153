import { expect, it } from 'vitest'
import {
  call,
  createOrganization,
  signUpAndLogIn,
  type TestOrganization,
} from '../../../../test/support/api.ts'
import { createProject } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase, type TestGatehouse } from '../../../../test/support/harness.ts'

/** Events straight into the table: many of them, or several in the same microsecond, cheaply. */
async function insertEvents(
  gatehouse: TestGatehouse,
  organization: TestOrganization,
  events: { action: string; created_at?: string }[],
) {
  return gatehouse.deps.db
    .insertInto('audit_events')
    .values(
      events.map((event) => ({
        organization_id: organization.id,
        action: event.action,
        ...(event.created_at ? { created_at: event.created_at } : {}),
        target_type: 'test',
        target_id: null,
        target_name: null,
        actor_type: 'user' as const,
        actor_id: organization.owner.id,
        actor_name: organization.owner.name,
        origin: 'api' as const,
        ip: '127.0.0.1',
        user_agent: 'test',
        details: '{}',
      })),
    )
    .returning('id')
    .execute()
}

/** Follows next_cursor to the end; every page must hold `limit` events except the last. */
async function readAllPages(gatehouse: TestGatehouse, organization: TestOrganization, query: string) {
  const ids: string[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const suffix: string = cursor ? `&cursor=${cursor}` : ''
    const res = await call(
      gatehouse,
      'GET',
      `/organization/${organization.id}/auditEvent?${query}${suffix}`,
      {
        as: organization.owner.as,
      },
    )
    expect(res.status).toBe(200)
    ids.push(...res.body.results.map((event: { id: string }) => event.id))
    cursor = res.body.next_cursor
    pages++
    expect(pages).toBeLessThan(100)
  } while (cursor)
  return { ids, pages }
}

describeEachDatabase('GET /organization/{id}/auditEvent: happy', (gatehouse) => {
  it('lists what happened, newest first, with actor, target, origin and details', async () => {
    const owner = await signUpAndLogIn(gatehouse(), 'Ada Owner')
    const org = await createOrganization(gatehouse(), owner)
    const project = await createProject(gatehouse(), org, { name: 'shop' })
    await call(gatehouse(), 'PUT', `/project/${project.id}`, {
      as: owner.as,
      body: { name: 'store' },
      headers: { 'user-agent': 'gatehouse-cli/1.0.0', 'x-forwarded-for': '203.0.113.9' },
    })

    const res = await call(gatehouse(), 'GET', `/organization/${org.id}/auditEvent`, { as: owner.as })
    expect(res.status).toBe(200)
    expect(res.body.next_cursor).toBeNull()
    expect(res.body.results.map((e: { action: string }) => e.action)).toEqual([
      'project.updated',
      'project.created',
      'organization.created',
    ])
    expect(res.body.results[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/),
      action: 'project.updated',
      target: { type: 'project', id: project.id, name: 'store' },
      actor: { type: 'user', id: owner.id, name: 'Ada Owner' },
      origin: 'cli',
      ip: expect.any(String),
      user_agent: 'gatehouse-cli/1.0.0',
      details: { before: { name: 'shop', description: '' } },
    })
  })

  it('pages through every event exactly once, even events written in the same microsecond', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const sameInstant = '2030-01-01T00:00:00.123456Z'
    await insertEvents(gatehouse(), org, [
      ...Array.from({ length: 5 }, () => ({ action: 'test.same_instant', created_at: sameInstant })),
      // A microsecond apart: a cursor rounded to milliseconds would skip or repeat these.
      { action: 'test.micro', created_at: '2030-01-01T00:00:00.123457Z' },
      { action: 'test.micro', created_at: '2030-01-01T00:00:00.123455Z' },
    ])
    const expected = await gatehouse()
      .deps.db.selectFrom('audit_events')
      .select('id')
      .where('organization_id', '=', org.id)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute()
    expect(expected).toHaveLength(8)

    for (const limit of [1, 2, 3, 8]) {
      const { ids, pages } = await readAllPages(gatehouse(), org, `limit=${limit}`)
      expect(ids).toEqual(expected.map((row) => row.id))
      expect(pages).toBe(Math.ceil(8 / limit))
    }
  })

  it('answers 50 events by default and at most 100', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    await insertEvents(
      gatehouse(),
      org,
      Array.from({ length: 120 }, () => ({ action: 'test.bulk' })),
    )
    const byDefault = await call(gatehouse(), 'GET', `/organization/${org.id}/auditEvent`, { as: owner.as })
    expect(byDefault.body.results).toHaveLength(50)
    expect(byDefault.body.next_cursor).toEqual(expect.any(String))
    const most = await call(gatehouse(), 'GET', `/organization/${org.id}/auditEvent?limit=100`, {
      as: owner.as,
    })
    expect(most.body.results).toHaveLength(100)
    const { ids } = await readAllPages(gatehouse(), org, 'limit=100')
    expect(new Set(ids).size).toBe(121)
  })

  it('filters by an exact action, or by a prefix ending in .*', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    await insertEvents(gatehouse(), org, [
      { action: 'api_token.created' },
      { action: 'api_token.deleted' },
      // "_" is a LIKE wildcard: an unescaped prefix would wrongly match this one.
      { action: 'apiXtoken.created' },
      { action: 'api_tokens.created' },
      { action: 'project.created' },
    ])
    const actionsFor = async (filter: string) => {
      const res = await call(gatehouse(), 'GET', `/organization/${org.id}/auditEvent?action=${filter}`, {
        as: owner.as,
      })
      expect(res.status).toBe(200)
      return res.body.results.map((e: { action: string }) => e.action).sort()
    }
    expect(await actionsFor('api_token.*')).toEqual(['api_token.created', 'api_token.deleted'])
    expect(await actionsFor('api_token.created')).toEqual(['api_token.created'])
    expect(await actionsFor('project.*')).toEqual(['project.created'])
    expect(await actionsFor('organization.created')).toEqual(['organization.created'])
    expect(await actionsFor('nothing.matches')).toEqual([])
  })

  it('pages through a filtered list', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    await insertEvents(gatehouse(), org, [
      ...Array.from({ length: 5 }, () => ({ action: 'project.created' })),
      ...Array.from({ length: 5 }, () => ({ action: 'environment.created' })),
    ])
    const { ids } = await readAllPages(gatehouse(), org, 'limit=2&action=project.*')
    expect(ids).toHaveLength(5)
  })

  it("never shows another organization's events", async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const other = await createOrganization(gatehouse(), owner)
    await createProject(gatehouse(), other, { name: 'not here' })
    const res = await call(gatehouse(), 'GET', `/organization/${org.id}/auditEvent`, { as: owner.as })
    expect(res.body.results.map((e: { action: string }) => e.action)).toEqual(['organization.created'])
    expect(res.text).not.toContain('not here')
  })
})

import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  addMember,
  call,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
  type TestOrganization,
  uniqueSuffix,
} from '../support/api.ts'
import { createEnvironment, createProject, invite } from '../support/fixtures.ts'
import { describeEachDatabase, type TestGatehouse } from '../support/harness.ts'

/**
 * Every list that can grow without bound answers a page at a time (issue 8, item 5): `limit`
 * (1 to 1000, default 100) and `cursor` in, `results` and `next_cursor` (null on the last page)
 * out. Each list is driven through the same checks: it pages through everything exactly once,
 * holds while items are added and deleted between pages, and refuses bad limits and cursors,
 * including a cursor given by another organization's list or by another kind of list.
 */

interface Item {
  id: string
}

/** One list, set up afresh in an organization: where it is read, and how to add and remove items. */
interface PagedList {
  path: string
  /** Adds an item whose name (or email) starts with `label`; names sort as the labels do. */
  add: (label: string) => Promise<string>
  remove: (id: string) => Promise<void>
}

interface ListCase {
  name: string
  /** How items that are added between pages compare with the ones already read. */
  order: 'newest first' | 'oldest first' | 'by name'
  open: (gatehouse: TestGatehouse, org: TestOrganization) => Promise<PagedList>
}

async function expectStatus(promise: Promise<{ status: number; text: string }>, status: number) {
  const res = await promise
  expect(res.status, res.text).toBe(status)
}

const lists: ListCase[] = [
  {
    name: 'API tokens',
    order: 'newest first',
    async open(gatehouse, org) {
      const path = `/organization/${org.id}/apiToken`
      return {
        path,
        async add(label) {
          const res = await call(gatehouse, 'POST', path, { as: org.owner.as, body: { name: label } })
          expect(res.status, res.text).toBe(201)
          return res.body.id
        },
        remove: (id) => expectStatus(call(gatehouse, 'DELETE', `${path}/${id}`, { as: org.owner.as }), 204),
      }
    },
  },
  {
    name: 'members',
    order: 'oldest first',
    async open(gatehouse, org) {
      return {
        path: `/organization/${org.id}/member`,
        add: async (label) => (await addMember(gatehouse, org, 'viewer', label)).id,
        remove: (id) =>
          expectStatus(
            call(gatehouse, 'DELETE', `/organization/${org.id}/member`, {
              as: org.owner.as,
              body: { user_id: id },
            }),
            204,
          ),
      }
    },
  },
  {
    name: 'invitations',
    order: 'newest first',
    async open(gatehouse, org) {
      return {
        path: `/organization/${org.id}/inviteMember`,
        add: async (label) =>
          (await invite(gatehouse, org, `${label.replace(/\W/g, '-')}-${uniqueSuffix()}@example.test`)).id,
        remove: (id) =>
          expectStatus(
            call(gatehouse, 'DELETE', `/organization/${org.id}/inviteMember/${id}`, { as: org.owner.as }),
            204,
          ),
      }
    },
  },
  {
    name: 'projects',
    order: 'by name',
    async open(gatehouse, org) {
      return {
        path: `/organization/${org.id}/project`,
        add: async (label) => (await createProject(gatehouse, org, { name: label })).id,
        remove: (id) => expectStatus(call(gatehouse, 'DELETE', `/project/${id}`, { as: org.owner.as }), 204),
      }
    },
  },
  {
    name: 'environments',
    order: 'by name',
    async open(gatehouse, org) {
      const project = await createProject(gatehouse, org)
      return {
        path: `/project/${project.id}/environment`,
        add: async (label) => (await createEnvironment(gatehouse, org, project.id, { name: label })).id,
        remove: (id) =>
          expectStatus(call(gatehouse, 'DELETE', `/environment/${id}`, { as: org.owner.as }), 204),
      }
    },
  },
]

const b64 = (text: string) => Buffer.from(text).toString('base64url')
const ids = (items: Item[]) => items.map((item) => item.id)

describeEachDatabase('paged lists', (gatehouse) => {
  async function fresh(list: ListCase, count: number) {
    const owner = await signUpAndLogIn(gatehouse(), 'Paula Pager')
    const org = await createOrganization(gatehouse(), owner)
    const opened = await list.open(gatehouse(), org)
    for (let i = 1; i <= count; i++) await opened.add(`item ${String(i).padStart(2, '0')}`)
    return { org, owner, ...opened }
  }

  async function page(path: string, as: { session: string }, query: string) {
    const res = await call(gatehouse(), 'GET', `${path}?${query}`, { as })
    expect(res.status, res.text).toBe(200)
    return res.body as { results: Item[]; next_cursor: string | null }
  }

  /** Every item, following next_cursor from the first page, and the pages' sizes. */
  async function readAll(path: string, as: { session: string }, limit: number) {
    const items: Item[] = []
    const sizes: number[] = []
    let cursor: string | null = null
    do {
      const body = await page(path, as, `limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)
      items.push(...body.results)
      sizes.push(body.results.length)
      cursor = body.next_cursor
      expect(sizes.length).toBeLessThan(50)
    } while (cursor)
    return { items, sizes }
  }

  describe.each(lists)('$name', (list) => {
    it('pages through every item once, in the order of the whole list; the last page has next_cursor null', async () => {
      const { path, owner } = await fresh(list, 5)
      const whole = await page(path, owner.as, 'limit=1000')
      expect(whole.next_cursor).toBeNull()
      // Members: the owner and five more.
      expect(whole.results.length).toBeGreaterThanOrEqual(5)

      const first = await page(path, owner.as, 'limit=2')
      expect(ids(first.results)).toEqual(ids(whole.results).slice(0, 2))
      expect(first.next_cursor).toEqual(expect.any(String))
      const second = await page(path, owner.as, `limit=2&cursor=${first.next_cursor}`)
      expect(ids(second.results)).toEqual(ids(whole.results).slice(2, 4))

      const { items, sizes } = await readAll(path, owner.as, 2)
      expect(ids(items)).toEqual(ids(whole.results))
      expect(sizes.slice(0, -1).every((size) => size === 2)).toBe(true)
      expect(sizes.at(-1)).toBeGreaterThan(0)
    })

    it('answers next_cursor null when the items left fill the page exactly', async () => {
      const { path, owner } = await fresh(list, 3)
      const whole = await page(path, owner.as, '')
      const exact = await page(path, owner.as, `limit=${whole.results.length}`)
      expect(exact.results).toHaveLength(whole.results.length)
      expect(exact.next_cursor).toBeNull()
      const short = await page(path, owner.as, `limit=${whole.results.length - 1}`)
      const rest = await page(path, owner.as, `limit=5&cursor=${short.next_cursor}`)
      expect(ids([...short.results, ...rest.results])).toEqual(ids(whole.results))
      expect(rest.next_cursor).toBeNull()
    })

    it('neither repeats nor skips items when others are added and deleted between pages', async () => {
      const { path, owner, add, remove } = await fresh(list, 6)
      const before = ids((await page(path, owner.as, 'limit=1000')).results)

      const first = await page(path, owner.as, 'limit=3')
      const read = ids(first.results)
      const unread = before.filter((id) => !read.includes(id))
      // One already read and one not yet read are deleted; two are added, one sorting before
      // everything ('item 00', and newest) and one after everything ('item 99').
      const [deletedRead] = read.slice(-1)
      const [deletedUnread] = unread.slice(0, 1)
      const added = [await add('item 00'), await add('item 99')]
      for (const id of [deletedRead, deletedUnread]) if (id) await remove(id)

      const rest: Item[] = []
      let cursor = first.next_cursor
      while (cursor) {
        const next = await page(path, owner.as, `limit=3&cursor=${cursor}`)
        rest.push(...next.results)
        cursor = next.next_cursor
      }
      const seen = [...read, ...ids(rest)]
      expect(new Set(seen).size).toBe(seen.length)
      // Everything that was there throughout is seen, exactly once.
      for (const id of unread.filter((id) => id !== deletedUnread)) expect(ids(rest)).toContain(id)
      expect(ids(rest)).not.toContain(deletedUnread)
      // What was added lands where the order puts it: after the cursor it is read, before it not.
      const after = ids(rest)
      if (list.order === 'newest first') expect(after.filter((id) => added.includes(id))).toEqual([])
      // (Both, in the list's order: two added within the same millisecond tie on their time, and
      // the id decides between them.)
      if (list.order === 'oldest first')
        expect(after.filter((id) => added.includes(id)).sort()).toEqual([...added].sort())
      if (list.order === 'by name') expect(after.filter((id) => added.includes(id))).toEqual([added[1]])
      // And the order of what was read is the order of the list as it is now.
      const now = ids((await page(path, owner.as, 'limit=1000')).results)
      expect(after).toEqual(now.filter((id) => after.includes(id)))
    })

    it.each([
      'limit=0',
      'limit=1001',
      'limit=10000',
      'limit=-1',
      'limit=1.5',
      'limit=1e2',
      'limit=abc',
      'limit=',
      'limit=010',
      'limit=%201',
      'limit=1&limit=2',
    ])('refuses %s with 400 problem+json naming querystring.limit', async (query) => {
      const { path, owner } = await fresh(list, 0)
      const res = await call(gatehouse(), 'GET', `${path}?${query}`, { as: owner.as })
      expectProblem(res, 400)
      expect(res.body.reason).toBe('invalid_input')
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('querystring.limit')
    })

    it('accepts limit=1 and limit=1000', async () => {
      const { path, owner } = await fresh(list, 2)
      expect((await page(path, owner.as, 'limit=1')).results).toHaveLength(1)
      expect((await page(path, owner.as, 'limit=1000')).next_cursor).toBeNull()
    })

    it.each([
      ['empty', 'cursor='],
      ['not base64url', 'cursor=not%20base64!'],
      ['not JSON', 'cursor=abc'],
      ['too long', `cursor=${'A'.repeat(4097)}`],
      ['an empty array', `cursor=${b64('[]')}`],
      ['an unknown list', `cursor=${b64(JSON.stringify(['users', uuid(), 'x', uuid()]))}`],
      ['an id that is not a UUID', `cursor=${b64(JSON.stringify(['projects', uuid(), 'x', 'nope']))}`],
      ['an audit trail cursor', `cursor=${b64(`2030-01-01T00:00:00.123456Z|${uuid()}`)}`],
    ])('refuses a cursor that is %s with 400 problem+json naming querystring.cursor', async (_, query) => {
      const { path, owner } = await fresh(list, 0)
      const res = await call(gatehouse(), 'GET', `${path}?${query}`, { as: owner.as })
      expectProblem(res, 400)
      expect(res.body.reason).toBe('invalid_input')
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('querystring.cursor')
    })

    it("refuses a cursor from another organization's (or project's) list with 400", async () => {
      const mine = await fresh(list, 3)
      const theirs = await fresh(list, 3)
      const cursor = (await page(theirs.path, theirs.owner.as, 'limit=1')).next_cursor
      expect(cursor).toEqual(expect.any(String))
      const res = await call(gatehouse(), 'GET', `${mine.path}?limit=1&cursor=${cursor}`, {
        as: mine.owner.as,
      })
      expectProblem(res, 400)
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('querystring.cursor')
      expect(res.body.detail).toMatch(/another list/)
    })
  })

  it('refuses a cursor from another kind of list of the same organization with 400', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    for (const name of ['a', 'b']) {
      await createProject(gatehouse(), org, { name })
      await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken`, { as: owner.as, body: { name } })
    }
    const projectCursor = (await page(`/organization/${org.id}/project`, owner.as, 'limit=1')).next_cursor
    const tokenCursor = (await page(`/organization/${org.id}/apiToken`, owner.as, 'limit=1')).next_cursor
    for (const [path, cursor] of [
      [`/organization/${org.id}/apiToken`, projectCursor],
      [`/organization/${org.id}/project`, tokenCursor],
      [`/organization/${org.id}/member`, tokenCursor],
      [`/organization/${org.id}/inviteMember`, tokenCursor],
    ]) {
      const res = await call(gatehouse(), 'GET', `${path}?cursor=${cursor}`, { as: owner.as })
      expectProblem(res, 400)
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('querystring.cursor')
    }
  })

  it('refuses a well-formed cursor whose key the database could not compare, with 400 not 500', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    for (const [path, list, key] of [
      [`/organization/${org.id}/apiToken`, 'api_tokens', '2030-02-30T00:00:00.123456Z'],
      [`/organization/${org.id}/apiToken`, 'api_tokens', 'yesterday'],
      [`/organization/${org.id}/member`, 'members', '0000-01-01T00:00:00.000000Z'],
      [`/organization/${org.id}/project`, 'projects', 'nul \u0000 inside'],
      [`/organization/${org.id}/project`, 'projects', 'x'.repeat(256)],
    ] as const) {
      const cursor = b64(JSON.stringify([list, org.id, key, uuid()]))
      const res = await call(gatehouse(), 'GET', `${path}?cursor=${cursor}`, { as: owner.as })
      expectProblem(res, 400)
    }
  })

  it('answers 100 tokens by default and 1000 at most, the rest on the next page', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    // Written straight to the database: a thousand creations through the API would take minutes.
    await gatehouse()
      .deps.db.insertInto('api_tokens')
      .values(
        Array.from({ length: 1001 }, (_, i) => ({
          organization_id: org.id,
          name: `bulk ${i}`,
          description: '',
          role_id: org.roles.viewer,
          token_digest: randomBytes(32),
          creator_type: 'user',
          creator_id: owner.id,
          creator_name: owner.name,
        })),
      )
      .execute()
    const path = `/organization/${org.id}/apiToken`
    const first = await page(path, owner.as, '')
    expect(first.results).toHaveLength(100)
    expect(first.next_cursor).toEqual(expect.any(String))
    const most = await page(path, owner.as, 'limit=1000')
    expect(most.results).toHaveLength(1000)
    const last = await page(path, owner.as, `limit=1000&cursor=${most.next_cursor}`)
    expect(last.results).toHaveLength(1)
    expect(last.next_cursor).toBeNull()
    expect(new Set([...ids(most.results), ...ids(last.results)]).size).toBe(1001)
  })

  it('tells apart items created in the same microsecond, and in the same millisecond', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const members = [owner.id]
    for (let i = 0; i < 4; i++) members.push((await addMember(gatehouse(), org, 'viewer')).id)
    const db = gatehouse().deps.db
    // Three joined at the very same instant, two within one millisecond of it.
    const instants = ['2030-01-01T00:00:00.000001Z', '2030-01-01T00:00:00.000002Z']
    for (const [i, id] of members.entries()) {
      await db
        .updateTable('memberships')
        .set({ created_at: instants[i < 3 ? 0 : 1] as unknown as Date })
        .where('organization_id', '=', org.id)
        .where('user_id', '=', id)
        .execute()
    }
    const { items, sizes } = await readAll(`/organization/${org.id}/member`, owner.as, 1)
    expect(sizes).toEqual([1, 1, 1, 1, 1])
    expect(new Set(ids(items))).toEqual(new Set(members))
    // Oldest first: the three of the first microsecond before the two of the second.
    expect(new Set(ids(items).slice(0, 3))).toEqual(new Set(members.slice(0, 3)))
  })
})

function uuid(): string {
  return crypto.randomUUID()
}

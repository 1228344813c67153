import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestGatehouse, type TestGatehouse } from '../../test/support/harness.ts'
import {
  GatehouseApiError,
  GatehouseClient,
  GatehouseConnectionError,
  type PagedOperationId,
} from './index.ts'

/** The typed client against a real server on a real socket: what users' scripts do. */
describe('GatehouseClient', () => {
  let gatehouse: TestGatehouse
  let baseUrl: string
  beforeAll(async () => {
    gatehouse = await startTestGatehouse('pglite')
    const address = await gatehouse.app.listen({ host: '127.0.0.1', port: 0 })
    baseUrl = `${address}/api`
  })
  afterAll(async () => {
    await gatehouse?.close()
  })

  it('signs up, creates an organization and a token, and lists projects with the token', async () => {
    const anonymous = new GatehouseClient({ baseUrl })
    const email = `client-${Date.now()}@example.test`
    const account = await anonymous.signup({ body: { email, password: 'a long passphrase', name: 'Client' } })
    expect(account.email).toBe(email)
    const { token: session } = await anonymous.login({ body: { email, password: 'a long passphrase' } })
    const user = new GatehouseClient({ baseUrl, token: session })
    const organization = await user.createOrganization({ body: { name: 'Client Org' } })
    const roles = await user.listOrganizationAvailableRoles({ organizationId: organization.id })
    const viewer = roles.results.find((role) => role.permissions.length === 2)
    expect(viewer?.name).toBe('viewer')
    await user.createProject({ organizationId: organization.id, body: { name: 'web' } })
    const created = await user.createOrganizationApiToken({
      organizationId: organization.id,
      body: { name: 'ci', role_id: viewer?.id ?? null },
    })
    expect(created.token).toMatch(/^gtok_/)

    const script = new GatehouseClient({ baseUrl, token: created.token })
    const me = await script.whoami()
    expect(me.api_token?.organization_id).toBe(organization.id)
    const projects = await script.listProject({ organizationId: organization.id })
    expect(projects.results.map((project) => project.name)).toEqual(['web'])
    expect(typeof projects.results[0]?.created_at).toBe('string')

    const tokens = await user.listOrganizationApiTokens({
      organizationId: organization.id,
      query: { name: 'c' },
    })
    expect(tokens.results.map((token) => token.name)).toEqual(['ci'])
  })

  it('follows next_cursor through a list: page by page, all at once, or up to a bound and resumed', async () => {
    const anonymous = new GatehouseClient({ baseUrl })
    const email = `pager-${Date.now()}@example.test`
    await anonymous.signup({ body: { email, password: 'a long passphrase', name: 'Pager' } })
    const { token } = await anonymous.login({ body: { email, password: 'a long passphrase' } })
    const user = new GatehouseClient({ baseUrl, token })
    const { id: organizationId } = await user.createOrganization({ body: { name: 'Paged Org' } })
    const names = ['a', 'b', 'c', 'd', 'e']
    for (const name of names) await user.createProject({ organizationId, body: { name } })

    const sizes: number[] = []
    for await (const page of user.pages('listProject', { organizationId, query: { limit: 2 } }))
      sizes.push(page.results.length)
    expect(sizes).toEqual([2, 2, 1])

    const all = await user.listAll('listProject', { organizationId }, { pageSize: 2 })
    expect(all.results.map((project) => project.name)).toEqual(names)
    expect(all.next_cursor).toBeNull()

    const firstThree = await user.listAll('listProject', { organizationId }, { pageSize: 2, max: 3 })
    expect(firstThree.results.map((project) => project.name)).toEqual(['a', 'b', 'c'])
    expect(firstThree.next_cursor).toEqual(expect.any(String))
    const rest = await user.listAll('listProject', {
      organizationId,
      query: { cursor: firstThree.next_cursor ?? '' },
    })
    expect(rest.results.map((project) => project.name)).toEqual(['d', 'e'])

    // Only lists that answer pages can be followed (tsc checks this line).
    // @ts-expect-error: getOrganization answers one organization, not a page
    const notAList: PagedOperationId = 'getOrganization'
    expect(notAList).toBe('getOrganization')
  })

  it('throws GatehouseApiError with the status, the reason and the field errors', async () => {
    const client = new GatehouseClient({ baseUrl })
    const refused = await client
      .login({ body: { email: 'nobody@example.test', password: 'x' } })
      .catch((e) => e)
    expect(refused).toBeInstanceOf(GatehouseApiError)
    expect(refused).toMatchObject({ status: 401, reason: 'wrong_credentials' })

    const invalid = await client
      .signup({ body: { email: 'not an email', password: 'short', name: 'X' } })
      .catch((e) => e)
    expect(invalid).toMatchObject({ status: 400, reason: 'invalid_input' })
    expect(invalid.fieldError('password')).toMatch(/8/)

    const anonymous = await client.listOrganization().catch((e) => e)
    expect(anonymous).toMatchObject({ status: 401, reason: 'unauthenticated' })
  })

  it('throws GatehouseConnectionError when nothing answers', async () => {
    const client = new GatehouseClient({ baseUrl: 'http://127.0.0.1:9/api' })
    const error = await client.getHealth().catch((e) => e)
    expect(error).toBeInstanceOf(GatehouseConnectionError)
    expect(error.code).toBe('unreachable')
  })
})

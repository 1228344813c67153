import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createApiToken,
  createOrganization,
  signUpAndLogIn,
  type TestApiToken,
  type TestOrganization,
} from '../support/api.ts'
import { startTestGatehouse, type TestGatehouse } from '../support/harness.ts'
import { cliEnv, freshHome, removeHomes, runCli } from './run-cli.ts'

/**
 * The API answers lists a page at a time (1000 at most); the CLI's list commands follow the
 * pages to print every item, up to --limit (10,000 by default), and look-ups by name see past
 * the first page.
 */
describe('gatehouse CLI: lists longer than one page', () => {
  let gh: TestGatehouse
  let org: TestOrganization
  let admin: TestApiToken
  let env: Record<string, string>
  /** Oldest first: the list shows them newest first, so the first ones are on the last page. */
  const bulk = Array.from({ length: 1203 }, (_, i) => `bulk ${String(i).padStart(4, '0')}`)

  beforeAll(async () => {
    gh = await startTestGatehouse('pglite')
    const apiUrl = `${await gh.app.listen({ host: '127.0.0.1', port: 0 })}/api`
    const owner = await signUpAndLogIn(gh, 'Bulk Owner')
    org = await createOrganization(gh, owner)
    // Written straight to the database, one second apart and before the admin token below, so
    // their order is known: twelve hundred creations through the API would take a minute.
    const start = Date.now() - 24 * 3600 * 1000
    await gh.deps.db
      .insertInto('api_tokens')
      .values(
        bulk.map((name, i) => ({
          organization_id: org.id,
          name,
          description: '',
          role_id: org.roles.viewer,
          token_digest: randomBytes(32),
          creator_type: 'user' as const,
          creator_id: owner.id,
          creator_name: owner.name,
          created_at: new Date(start - (bulk.length - i) * 1000),
        })),
      )
      .execute()
    admin = await createApiToken(gh, org, 'admin')
    env = cliEnv(freshHome().home, apiUrl, { GATEHOUSE_TOKEN: admin.token })
  })
  afterAll(async () => {
    await gh?.close()
    removeHomes()
  })

  it('token list --json prints every token across two pages, newest first, each once', async () => {
    const listed = await runCli(['token', 'list', '--json'], env)
    expect(listed.code, listed.stderr).toBe(0)
    const names = (JSON.parse(listed.stdout) as { name: string }[]).map((t) => t.name)
    expect(names).toHaveLength(bulk.length + 1)
    expect(names).toEqual([admin.name, ...[...bulk].reverse()])
    expect(listed.stderr).toBe('')
  })

  it('token list --limit stops there and says on stderr that there are more', async () => {
    const listed = await runCli(['token', 'list', '--quiet', '--limit', '5'], env)
    expect(listed.code, listed.stderr).toBe(0)
    expect(listed.stdout.trim().split('\n')).toHaveLength(5)
    expect(listed.stderr).toMatch(/first 5 tokens; there are more \(raise --limit/)

    const exact = await runCli(['token', 'list', '--quiet', '--limit', String(bulk.length + 1)], env)
    expect(exact.stdout.trim().split('\n')).toHaveLength(bulk.length + 1)
    expect(exact.stderr).toBe('')
  })

  it.each(['0', '-3', 'many', '1.5'])('refuses --limit %s as a usage error', async (limit) => {
    const refused = await runCli(['token', 'list', '--limit', limit], env)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/--limit/)
    expect(refused.stdout).toBe('')
  })

  it('token delete finds a token by name on the last page', async () => {
    const oldest = bulk[0] as string
    const deleted = await runCli(['token', 'delete', oldest, '--yes', '--json'], env)
    expect(deleted.code, deleted.stderr).toBe(0)
    expect(JSON.parse(deleted.stdout)).toMatchObject({ name: oldest, deleted: true })
    const left = await gh.deps.db
      .selectFrom('api_tokens')
      .select('id')
      .where('organization_id', '=', org.id)
      .where('name', '=', oldest)
      .execute()
    expect(left).toEqual([])
  })
})

import { expect, it } from 'vitest'
import { type Credential, call, createOrganization, signUpAndLogIn } from '../support/api.ts'
import {
  createCustomRole,
  createEnvironment,
  createProject,
  holdersOfCustomRole,
} from '../support/fixtures.ts'
import { describeEachDatabase, type TestGatehouse } from '../support/harness.ts'

/** Every item of a paged list, a page of `limit` at a time. */
async function everyPage(gh: TestGatehouse, path: string, as: Credential, limit: number): Promise<string[]> {
  const names: string[] = []
  let cursor: string | null = null
  do {
    const query: string = `?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`
    const page = await call(gh, 'GET', `${path}${query}`, { as })
    expect(page.status, page.text).toBe(200)
    names.push(...page.body.results.map((item: { name: string }) => item.name))
    cursor = page.body.next_cursor
  } while (cursor)
  return names
}

describeEachDatabase('what a custom role sees in lists', (gatehouse) => {
  it('lists exactly the projects and environments it sees, on every page, for a member and a token', async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const org = await createOrganization(gh, owner)
    const modes = ['DEVELOPMENT', 'PREVIEW', 'STAGING', 'PRODUCTION']
    const projects: Record<string, string> = {}
    for (const name of ['alpha', 'beta', 'gamma', 'delta', 'epsilon']) {
      projects[name] = (await createProject(gh, org, { name })).id
      for (const mode of modes)
        await createEnvironment(gh, org, projects[name] as string, {
          name: `${name}-${mode.toLowerCase()}`,
          mode,
        })
    }
    const role = await createCustomRole(gh, org, {
      projects: [
        { project_id: projects.beta as string, permissions: { STAGING: 'VIEWER', PRODUCTION: 'DEPLOYER' } },
        { project_id: projects.delta as string, is_admin: true },
        { project_id: projects.gamma as string, permissions: { DEVELOPMENT: 'NO_ACCESS' } },
        { project_id: projects.epsilon as string, permissions: { PREVIEW: 'MANAGER' } },
      ],
    })
    const { callers } = await holdersOfCustomRole(gh, org, role.id)
    for (const { label, as } of callers) {
      for (const limit of [1, 2, 100]) {
        expect(await everyPage(gh, `/organization/${org.id}/project`, as, limit), label).toEqual([
          'beta',
          'delta',
          'epsilon',
        ])
        expect(await everyPage(gh, `/project/${projects.beta}/environment`, as, limit), label).toEqual([
          'beta-production',
          'beta-staging',
        ])
        expect(await everyPage(gh, `/project/${projects.delta}/environment`, as, limit), label).toEqual([
          'delta-development',
          'delta-preview',
          'delta-production',
          'delta-staging',
        ])
        expect(await everyPage(gh, `/project/${projects.epsilon}/environment`, as, limit), label).toEqual([
          'epsilon-preview',
        ])
      }
      for (const hidden of ['alpha', 'gamma']) {
        const res = await call(gh, 'GET', `/project/${projects[hidden]}/environment`, { as })
        expect(res.status, `${label} ${hidden}`).toBe(404)
      }
    }
    // A new project is NO_ACCESS until the role says otherwise.
    await createProject(gh, org, { name: 'aaa-new' })
    for (const { as } of callers)
      expect(await everyPage(gh, `/organization/${org.id}/project`, as, 100)).toEqual([
        'beta',
        'delta',
        'epsilon',
      ])
  })
})

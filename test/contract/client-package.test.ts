import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createApiToken, createOrganization, signUpAndLogIn } from '../support/api.ts'
import { startTestGatehouse, type TestGatehouse } from '../support/harness.ts'

const run = promisify(execFile)

/** The README's client example, run as a user would: `gatehouse/client` imported by package name. */
describe('examples/list-projects.ts', () => {
  let gatehouse: TestGatehouse
  let apiUrl: string
  beforeAll(async () => {
    gatehouse = await startTestGatehouse('pglite')
    apiUrl = `${await gatehouse.app.listen({ host: '127.0.0.1', port: 0 })}/api`
  })
  afterAll(async () => {
    await gatehouse?.close()
  })

  it("lists the token's organization's projects, and says so when the token is refused", async () => {
    const owner = await signUpAndLogIn(gatehouse)
    const org = await createOrganization(gatehouse, owner)
    const project = await call(gatehouse, 'POST', `/organization/${org.id}/project`, {
      as: owner.as,
      body: { name: 'web' },
    })
    const token = await createApiToken(gatehouse, org, 'viewer')
    const env = { ...process.env, GATEHOUSE_API_URL: apiUrl, GATEHOUSE_TOKEN: token.token }
    const listed = await run('node_modules/.bin/tsx', ['examples/list-projects.ts'], { env })
    expect(listed.stdout).toBe(`${project.body.id}\tweb\n`)

    await call(gatehouse, 'DELETE', `/organization/${org.id}/apiToken/${token.id}`, { as: owner.as })
    const refused = await run('node_modules/.bin/tsx', ['examples/list-projects.ts'], { env }).catch((e) => e)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('The token was refused')
  })
})

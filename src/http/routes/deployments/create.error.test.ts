import { expect, it } from 'vitest'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../../../../test/support/api.ts'
import { countRows, createEnvironment, createProject } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'
import { generateToken } from '../../../core/token.ts'

describeEachDatabase('POST /environment/{id}/deployment: errors', (gatehouse) => {
  it('refuses a version that is not a git sha or tag, or holds a secret, with a 400 on body.version and records nothing', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const web = await createProject(gatehouse(), org)
    const staging = await createEnvironment(gatehouse(), org, web.id, { mode: 'STAGING' })
    const before = await countRows(gatehouse(), ['deployments', 'audit_events'])
    const versions: unknown[] = ['', ' v1', 'v1 two', '-rf', 'a'.repeat(256), 'v1\n', 42, null]
    for (const version of versions) {
      const res = await call(gatehouse(), 'POST', `/environment/${staging.id}/deployment`, {
        as: owner.as,
        body: { version },
      })
      expectProblem(res, 400)
      expect(res.body.errors?.[0]?.field, JSON.stringify(version)).toBe('body.version')
    }
    const leaked = await call(gatehouse(), 'POST', `/environment/${staging.id}/deployment`, {
      as: owner.as,
      body: { version: generateToken('api_token') },
    })
    expectProblem(leaked, 400)
    expect(leaked.body.reason).toBe('secret_in_text')
    const missing = await call(gatehouse(), 'POST', `/environment/${staging.id}/deployment`, {
      as: owner.as,
      body: {},
    })
    expectProblem(missing, 400)
    expect(await countRows(gatehouse(), ['deployments', 'audit_events'])).toEqual(before)
  })
})

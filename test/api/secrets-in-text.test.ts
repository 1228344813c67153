import { expect, it } from 'vitest'
import { generateToken } from '../../src/core/token.ts'
import { call, createApiToken, createOrganization, expectProblem, signUpAndLogIn } from '../support/api.ts'
import { describeEachDatabase } from '../support/harness.ts'

/**
 * Names and descriptions are stored in clear and shown in lists and the audit trail, so text
 * holding a Gatehouse secret is refused everywhere with 400, and nothing is stored.
 */
describeEachDatabase('a pasted secret in free text', (gatehouse) => {
  it('is refused in every name and description, and stored nowhere', async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const org = await createOrganization(gh, owner)
    const project = await call(gh, 'POST', `/organization/${org.id}/project`, {
      as: owner.as,
      body: { name: 'p' },
    })
    const environment = await call(gh, 'POST', `/project/${project.body.id}/environment`, {
      as: owner.as,
      body: { name: 'e', mode: 'STAGING' },
    })
    const secret = (await createApiToken(gh, org, 'viewer')).token
    const session = generateToken('session')
    const text = (value: string) => `deploy key is ${value} keep it safe`
    const attempts: Array<[string, string, unknown, string]> = [
      ['POST', '/organization', { name: text(secret) }, 'body.name'],
      ['PUT', `/organization/${org.id}`, { name: 'ok', description: text(session) }, 'body.description'],
      [
        'POST',
        `/organization/${org.id}/apiToken`,
        { name: 'ok', description: text(secret) },
        'body.description',
      ],
      ['POST', `/organization/${org.id}/project`, { name: text(secret) }, 'body.name'],
      ['PUT', `/project/${project.body.id}`, { name: 'ok', description: text(secret) }, 'body.description'],
      [
        'POST',
        `/project/${project.body.id}/environment`,
        { name: text(secret), mode: 'STAGING' },
        'body.name',
      ],
      ['PUT', `/environment/${environment.body.id}`, { name: text(secret), mode: 'STAGING' }, 'body.name'],
    ]
    for (const [method, path, body, field] of attempts) {
      const response = await call(gh, method as 'POST', path, { as: owner.as, body })
      expectProblem(response, 400)
      expect(response.body.errors).toEqual([{ field, message: 'must not contain a Gatehouse token' }])
      expect(response.text).not.toContain(secret)
    }
    const signup = await call(gh, 'POST', '/auth/signup', {
      body: { email: 'someone@example.test', password: 'password-123', name: text(secret) },
    })
    expectProblem(signup, 400)

    const db = gh.deps.db
    const stored = JSON.stringify([
      await db.selectFrom('organizations').selectAll().execute(),
      await db.selectFrom('projects').selectAll().execute(),
      await db.selectFrom('environments').selectAll().execute(),
      await db.selectFrom('api_tokens').select(['name', 'description']).execute(),
      await db.selectFrom('users').select(['name', 'email']).execute(),
      await db.selectFrom('audit_events').selectAll().execute(),
    ])
    expect(stored).not.toContain(secret.slice(5, 35))
    expect(stored).not.toContain(session.slice(5, 35))
  })
})

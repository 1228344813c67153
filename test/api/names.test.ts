import { expect, it } from 'vitest'
import { call, createOrganization, expectProblem, signUpAndLogIn } from '../support/api.ts'
import { createEnvironment, createProject } from '../support/fixtures.ts'
import { describeEachDatabase } from '../support/harness.ts'

/**
 * Names are compared and shown side by side: invisible, zero-width and direction-changing
 * characters (and lone surrogates) are refused with 400 on every route that takes a name, and
 * names are NFC-normalised, so `Cafe\u0301` and `Café` are one name.
 */
const badNames: Array<[string, string]> = [
  ['a zero-width space', 'dep\u200bloy'],
  ['a zero-width joiner', 'dep\u200dloy'],
  ['a right-to-left override', '\u202eyolped'],
  ['a bidirectional isolate', 'a\u2067b\u2069'],
  ['a byte order mark', 'de\ufeffploy'],
  ['a control character', 'dep\u0007loy'],
  ['a newline', 'dep\nloy'],
  ['a private-use character', 'dep\ue000loy'],
  ['a lone high surrogate', 'dep\ud800loy'],
  ['a lone low surrogate', 'dep\udc00loy'],
]
const message = 'must not contain invisible or direction-changing characters'

describeEachDatabase('names with invisible or direction-changing characters', (gatehouse) => {
  it('are refused with 400 on every route that takes a name, and stored nowhere', async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const org = await createOrganization(gh, owner)
    const project = await createProject(gh, org, { name: 'p' })
    const environment = await createEnvironment(gh, org, project.id, { name: 'e', mode: 'STAGING' })
    const routes: Array<[string, string, (name: string) => Record<string, unknown>]> = [
      ['POST', '/organization', (name) => ({ name })],
      ['PUT', `/organization/${org.id}`, (name) => ({ name })],
      ['POST', `/organization/${org.id}/project`, (name) => ({ name })],
      ['PUT', `/project/${project.id}`, (name) => ({ name })],
      ['POST', `/project/${project.id}/environment`, (name) => ({ name, mode: 'STAGING' })],
      ['PUT', `/environment/${environment.id}`, (name) => ({ name, mode: 'STAGING' })],
      ['POST', `/organization/${org.id}/apiToken`, (name) => ({ name })],
    ]
    const snapshot = async () =>
      JSON.stringify([
        await gh.deps.db.selectFrom('organizations').selectAll().orderBy('id').execute(),
        await gh.deps.db.selectFrom('projects').selectAll().orderBy('id').execute(),
        await gh.deps.db.selectFrom('environments').selectAll().orderBy('id').execute(),
        await gh.deps.db.selectFrom('api_tokens').select(['id', 'name']).orderBy('id').execute(),
        await gh.deps.db.selectFrom('users').select(['id', 'name']).orderBy('id').execute(),
        await gh.deps.db.selectFrom('audit_events').select('id').orderBy('id').execute(),
      ])
    const before = await snapshot()
    for (const [label, name] of badNames) {
      for (const [method, path, body] of routes) {
        const response = await call(gh, method as 'POST', path, { as: owner.as, body: body(name) })
        expectProblem(response, 400)
        expect(response.body.reason, `${method} ${path} with ${label}`).toBe('invalid_input')
        expect(response.body.errors).toEqual([{ field: 'body.name', message }])
      }
      const signup = await call(gh, 'POST', '/auth/signup', {
        body: {
          email: `someone-${badNames.findIndex(([l]) => l === label)}@example.test`,
          password: 'password-123',
          name,
        },
      })
      expectProblem(signup, 400)
      expect(signup.body.reason, `signup with ${label}`).toBe('invalid_input')
      expect(signup.body.errors).toEqual([{ field: 'body.name', message }])
    }
    expect(await snapshot()).toEqual(before)
  })

  it('refuses direction-changing characters in descriptions, but keeps their newlines', async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const org = await createOrganization(gh, owner)
    const refused = await call(gh, 'POST', `/organization/${org.id}/project`, {
      as: owner.as,
      body: { name: 'p', description: 'safe \u202egnp.exe' },
    })
    expectProblem(refused, 400)
    expect(refused.body.errors).toEqual([
      { field: 'body.description', message: 'must not contain direction-changing characters' },
    ])
    const token = await call(gh, 'POST', `/organization/${org.id}/apiToken`, {
      as: owner.as,
      body: { name: 't', description: 'x\u2066y' },
    })
    expectProblem(token, 400)
    const accepted = await call(gh, 'POST', `/organization/${org.id}/project`, {
      as: owner.as,
      body: { name: 'p', description: 'line one\nline two' },
    })
    expect(accepted.status).toBe(201)
    expect(accepted.body.description).toBe('line one\nline two')
  })

  it('are NFC-normalised: a decomposed and a composed name are the same name', async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const org = await createOrganization(gh, owner)
    const first = await call(gh, 'POST', `/organization/${org.id}/project`, {
      as: owner.as,
      body: { name: 'Cafe\u0301' },
    })
    expect(first.status).toBe(201)
    expect(first.body.name).toBe('Café')
    const second = await call(gh, 'POST', `/organization/${org.id}/project`, {
      as: owner.as,
      body: { name: 'Café' },
    })
    expectProblem(second, 409)
    expect(second.body.reason).toBe('name_taken')

    const environment = await call(gh, 'POST', `/project/${first.body.id}/environment`, {
      as: owner.as,
      body: { name: 'Café', mode: 'STAGING' },
    })
    expect(environment.status).toBe(201)
    const again = await call(gh, 'POST', `/project/${first.body.id}/environment`, {
      as: owner.as,
      body: { name: 'Cafe\u0301', mode: 'STAGING' },
    })
    expectProblem(again, 409)
    expect(again.body.reason).toBe('name_taken')

    const token = await call(gh, 'POST', `/organization/${org.id}/apiToken`, {
      as: owner.as,
      body: { name: 'Cafe\u0301' },
    })
    expect(token.status).toBe(201)
    expect(token.body.name).toBe('Café')
    const tokenAgain = await call(gh, 'POST', `/organization/${org.id}/apiToken`, {
      as: owner.as,
      body: { name: 'Café' },
    })
    expectProblem(tokenAgain, 409)
    expect(tokenAgain.body.reason).toBe('name_taken')
  })
})

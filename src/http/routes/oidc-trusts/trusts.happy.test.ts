import { beforeAll, expect, it } from 'vitest'
import {
  call,
  createApiToken,
  createOrganization,
  signUpAndLogIn,
  type TestOrganization,
} from '../../../../test/support/api.ts'
import { auditEvents } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

const GITHUB = 'https://token.actions.githubusercontent.com'
const GITLAB = 'https://gitlab.com'

describeEachDatabase(
  '/organization/{id}/oidcTrust: trust policies',
  (gatehouse) => {
    let org: TestOrganization

    beforeAll(async () => {
      org = await createOrganization(gatehouse(), await signUpAndLogIn(gatehouse()))
    })

    it('creates a trust with the defaults (audience: the public URL, lifetime 900 s), audited', async () => {
      const gh = gatehouse()
      const created = await call(gh, 'POST', `/organization/${org.id}/oidcTrust`, {
        as: org.owner.as,
        body: {
          name: 'deploy-main',
          issuer: GITHUB,
          conditions: { repository: 'acme/web', ref: 'refs/heads/main' },
          role_id: org.roles.devops,
        },
      })
      expect(created.status, created.text).toBe(201)
      expect(created.body).toEqual({
        id: expect.any(String),
        created_at: expect.any(String),
        updated_at: expect.any(String),
        name: 'deploy-main',
        issuer: GITHUB,
        audience: 'https://gatehouse.example.test',
        conditions: { repository: 'acme/web', ref: 'refs/heads/main' },
        role_id: org.roles.devops,
        role_name: 'devops',
        token_lifetime_seconds: 900,
      })
      const got = await call(gh, 'GET', `/organization/${org.id}/oidcTrust/${created.body.id}`, {
        as: org.owner.as,
      })
      expect(got.body).toEqual(created.body)
      const [event] = await auditEvents(gh, org.id, 'oidc_trust.created')
      expect(event).toMatchObject({
        target_id: created.body.id,
        target_name: 'deploy-main',
        actor_type: 'user',
      })
      expect(event?.details).toMatchObject({
        issuer: GITHUB,
        role_name: 'devops',
        conditions: created.body.conditions,
      })
    })

    it('lists trusts by name, a page at a time, and changes one with PATCH (the rest kept), audited', async () => {
      const gh = gatehouse()
      const own = await createOrganization(gh, await signUpAndLogIn(gh))
      const ids: string[] = []
      for (const name of ['c-gitlab', 'a-github', 'b-github']) {
        const created = await call(gh, 'POST', `/organization/${own.id}/oidcTrust`, {
          as: own.owner.as,
          body: {
            name,
            issuer: name.endsWith('gitlab') ? GITLAB : GITHUB,
            audience: 'https://gatehouse.test',
            conditions: name.endsWith('gitlab') ? { project_path: 'acme/*' } : { sub: `repo:acme/${name}:*` },
            role_id: own.roles.viewer,
            token_lifetime_seconds: 300,
          },
        })
        expect(created.status, created.text).toBe(201)
        ids.push(created.body.id)
      }
      const first = await call(gh, 'GET', `/organization/${own.id}/oidcTrust?limit=2`, { as: own.owner.as })
      expect(first.body.results.map((t: { name: string }) => t.name)).toEqual(['a-github', 'b-github'])
      const second = await call(
        gh,
        'GET',
        `/organization/${own.id}/oidcTrust?limit=2&cursor=${first.body.next_cursor}`,
        {
          as: own.owner.as,
        },
      )
      expect(second.body).toMatchObject({ results: [{ name: 'c-gitlab' }], next_cursor: null })

      const patched = await call(gh, 'PATCH', `/organization/${own.id}/oidcTrust/${ids[0]}`, {
        as: own.owner.as,
        body: { conditions: { project_path: 'acme/platform/api', ref: 'main' }, role_id: own.roles.devops },
      })
      expect(patched.status, patched.text).toBe(200)
      expect(patched.body).toMatchObject({
        name: 'c-gitlab',
        issuer: GITLAB,
        audience: 'https://gatehouse.test',
        conditions: { project_path: 'acme/platform/api', ref: 'main' },
        role_name: 'devops',
        token_lifetime_seconds: 300,
      })
      const [event] = await auditEvents(gh, own.id, 'oidc_trust.updated')
      expect(event?.details).toMatchObject({ changed: ['conditions', 'role_id'], role_name: 'devops' })
    })

    it('lets an admin token manage trusts of its own role or below', async () => {
      const gh = gatehouse()
      const admin = await createApiToken(gh, org, 'admin')
      const created = await call(gh, 'POST', `/organization/${org.id}/oidcTrust`, {
        as: admin.as,
        body: {
          name: 'by-token',
          issuer: GITLAB,
          conditions: { project_path: 'acme/x' },
          role_id: org.roles.admin,
        },
      })
      expect(created.status, created.text).toBe(201)
      const deleted = await call(gh, 'DELETE', `/organization/${org.id}/oidcTrust/${created.body.id}`, {
        as: admin.as,
      })
      expect(deleted.status).toBe(204)
      expect(
        (await call(gh, 'GET', `/organization/${org.id}/oidcTrust/${created.body.id}`, { as: admin.as }))
          .status,
      ).toBe(404)
    })
  },
  { GATEHOUSE_PUBLIC_URL: 'https://gatehouse.example.test' },
)

import { expect, it } from 'vitest'
import { generateToken } from '../../src/core/token.ts'
import { call, createApiToken, createOrganization, signUpAndLogIn } from '../support/api.ts'
import { describeEachDatabase } from '../support/harness.ts'

/**
 * A token pasted where it does not belong (a URL path, a User-Agent) must not be written to the
 * logs or kept in the audit trail in clear.
 */
describeEachDatabase('a token pasted into a path or a User-Agent', (gatehouse) => {
  it('is redacted from the request log and the not-found answer', async () => {
    const gh = gatehouse()
    const pasted = generateToken('api_token')
    const before = gh.logs.length
    const response = await call(gh, 'GET', `/organization/${pasted}/nowhere`)
    expect(response.status).toBe(404)
    expect(response.text).not.toContain(pasted)
    expect(response.body.detail).toContain('gtok_[redacted]')
    const logged = gh.logs.slice(before).join('\n')
    expect(logged).toContain('/api/organization/gtok_[redacted]/nowhere')
    expect(logged).not.toContain(pasted)
  })

  it('is redacted from the User-Agent kept in the audit trail', async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const org = await createOrganization(gh, owner)
    const admin = await createApiToken(gh, org, 'admin')
    const pasted = generateToken('session')
    const created = await call(gh, 'POST', `/organization/${org.id}/project`, {
      as: { token: admin.token },
      body: { name: 'redaction' },
      headers: { 'user-agent': `deploy-script/1.0 (key ${pasted})` },
    })
    expect(created.status).toBe(201)
    const rows = await gh.deps.db
      .selectFrom('audit_events')
      .select('user_agent')
      .where('organization_id', '=', org.id)
      .where('action', '=', 'project.created')
      .execute()
    expect(rows.map((row) => row.user_agent)).toEqual(['deploy-script/1.0 (key gses_[redacted])'])
  })
})

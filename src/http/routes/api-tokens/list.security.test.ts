import { expect, it } from 'vitest'
import {
  call,
  createApiToken,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
} from '../../../../test/support/api.ts'
import { createTeam } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'
import { digestToken } from '../../../core/token.ts'

describeEachDatabase('GET /organization/{id}/apiToken: security', (gatehouse) => {
  it('answers owner, admin and devops (users and tokens); refuses billing and viewer with 403', async () => {
    const team = await createTeam(gatehouse())
    for (const caller of team.callers) {
      const res = await call(gatehouse(), 'GET', `/organization/${team.org.id}/apiToken`, { as: caller.as })
      if (['owner', 'admin', 'devops'].includes(caller.role)) {
        expect(res.status, caller.label).toBe(200)
        expect(res.body.results).toHaveLength(4)
      } else {
        expectProblem(res, 403)
        expect(res.text).not.toContain(team.tokens.admin.name)
      }
    }
  })

  it('never contains a token value nor any form of its digest', async () => {
    const team = await createTeam(gatehouse())
    const res = await call(gatehouse(), 'GET', `/organization/${team.org.id}/apiToken`, {
      as: team.users.owner.as,
    })
    expect(res.status).toBe(200)
    for (const token of Object.values(team.tokens)) {
      const digest = digestToken(token.token)
      for (const form of [
        token.token,
        token.token.slice(5),
        digest.toString('hex'),
        digest.toString('base64'),
      ]) {
        expect(res.text).not.toContain(form)
      }
    }
    expect(res.text).not.toMatch(/gtok_|gses_|digest|"token"/)
  })

  it("answers 404 for another organization's tokens, to a stranger and to another organization's token", async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const first = await createOrganization(gatehouse(), owner)
    const second = await createOrganization(gatehouse(), owner)
    const firstToken = await createApiToken(gatehouse(), first, 'admin')
    const secondToken = await createApiToken(gatehouse(), second, 'admin')
    const stranger = await signUpAndLogIn(gatehouse())
    for (const as of [firstToken.as, stranger.as]) {
      const res = await call(gatehouse(), 'GET', `/organization/${second.id}/apiToken`, { as })
      expectProblem(res, 404)
      expect(res.text).not.toContain(secondToken.name)
    }
  })
})

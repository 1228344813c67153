import { expect, it } from 'vitest'
import { call } from '../../../../test/support/api.ts'
import { createTeam } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /organization/{id}: happy', (gatehouse) => {
  it('answers 200 with the organization to every role, as a user and as a token', async () => {
    const team = await createTeam(gatehouse())
    expect(team.callers).toHaveLength(9)
    for (const caller of team.callers) {
      const res = await call(gatehouse(), 'GET', `/organization/${team.org.id}`, { as: caller.as })
      expect(res.status, caller.label).toBe(200)
      expect(res.body, caller.label).toEqual({
        id: team.org.id,
        name: team.org.name,
        description: '',
        owner: team.users.owner.id,
        api_token_max_lifetime_days: null,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      })
    }
  })
})

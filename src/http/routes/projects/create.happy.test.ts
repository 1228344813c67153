import { expect, it } from 'vitest'
import { call, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('POST /organization/{id}/project: happy', (gatehouse) => {
  it('creates a project with the contract shape, readable at once', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const created = await call(gatehouse(), 'POST', `/organization/${org.id}/project`, {
      as: owner.as,
      body: { name: '  web shop ', description: 'the storefront' },
    })
    expect(created.status).toBe(201)
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
      updated_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
      name: 'web shop',
      description: 'the storefront',
      organization: { id: org.id },
    })
    const read = await call(gatehouse(), 'GET', `/project/${created.body.id}`, { as: owner.as })
    expect(read.status).toBe(200)
    expect(read.body).toEqual(created.body)
  })

  it('defaults the description to empty', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const created = await call(gatehouse(), 'POST', `/organization/${org.id}/project`, {
      as: owner.as,
      body: { name: 'api' },
    })
    expect(created.status).toBe(201)
    expect(created.body.description).toBe('')
  })

  it('allows the same name in two organizations', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const first = await createOrganization(gatehouse(), owner)
    const second = await createOrganization(gatehouse(), owner)
    for (const org of [first, second]) {
      const created = await call(gatehouse(), 'POST', `/organization/${org.id}/project`, {
        as: owner.as,
        body: { name: 'shared name' },
      })
      expect(created.status).toBe(201)
    }
  })

  it('records project.created in the audit trail with the actor and origin', async () => {
    const owner = await signUpAndLogIn(gatehouse(), 'Ada Owner')
    const org = await createOrganization(gatehouse(), owner)
    const created = await call(gatehouse(), 'POST', `/organization/${org.id}/project`, {
      as: owner.as,
      body: { name: 'audited' },
      headers: { 'user-agent': 'gatehouse-cli/0.1.0' },
    })
    const events = await gatehouse()
      .deps.db.selectFrom('audit_events')
      .selectAll()
      .where('organization_id', '=', org.id)
      .where('action', '=', 'project.created')
      .execute()
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      target_type: 'project',
      target_id: created.body.id,
      target_name: 'audited',
      actor_type: 'user',
      actor_id: owner.id,
      actor_name: 'Ada Owner',
      origin: 'cli',
    })
  })
})

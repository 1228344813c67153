import { expect, it } from 'vitest'
import {
  addMember,
  call,
  createApiToken,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
  type TestOrganization,
  type TestUser,
} from '../support/api.ts'
import { auditEvents, invitationRows, invite, roleInDatabase } from '../support/fixtures.ts'
import { describeEachDatabase, type TestGatehouse } from '../support/harness.ts'

/**
 * An invitation is only as good as its sender's right to send it: an admin who invited someone
 * as admin and was then removed or demoted must not still make them one. Both defences are
 * tested: the sender's removal or demotion withdraws what they can no longer send, and
 * acceptance checks the sender again (for what withdrawal does not see: a sending token deleted,
 * a role changed some other way).
 */
describeEachDatabase('Invitations whose sender lost the right to send them', (gatehouse) => {
  const accept = (org: TestOrganization, invitationId: string, invitee: TestUser) =>
    call(gatehouse(), 'POST', `/organization/${org.id}/inviteMember/${invitationId}`, { as: invitee.as })

  async function setting() {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const admin = await addMember(gatehouse(), org, 'admin', 'Ada Admin')
    return { owner, org, admin }
  }

  it('removing the sender withdraws their pending invitations: the invitee cannot become admin', async () => {
    const { owner, org, admin } = await setting()
    const invitee = await signUpAndLogIn(gatehouse())
    const sent = await invite(gatehouse(), org, invitee.email, 'admin', admin.as)
    // Another sender's invitation is not touched.
    const other = await signUpAndLogIn(gatehouse())
    const byOwner = await invite(gatehouse(), org, other.email, 'devops')

    const removed = await call(gatehouse(), 'DELETE', `/organization/${org.id}/member`, {
      as: owner.as,
      body: { user_id: admin.id },
    })
    expect(removed.status).toBe(204)
    expectProblem(await accept(org, sent.id, invitee), 404)
    expect(await roleInDatabase(gatehouse(), org.id, invitee.id)).toBeUndefined()
    expect((await invitationRows(gatehouse(), org.id)).map((row) => row.id)).toEqual([byOwner.id])
    const withdrawn = await auditEvents(gatehouse(), org.id, 'invitation.withdrawn')
    expect(withdrawn).toEqual([
      expect.objectContaining({
        target_id: sent.id,
        target_name: invitee.email,
        actor_id: owner.id,
        details: { email: invitee.email, reason: 'sender_removed' },
      }),
    ])
    expect((await accept(org, byOwner.id, other)).status).toBe(201)
  })

  it('demoting the sender withdraws what the new role cannot give, and keeps the rest', async () => {
    const { owner, org, admin } = await setting()
    // A role that manages members but gives no more than read access.
    const [memberManager] = await gatehouse()
      .deps.db.insertInto('roles')
      .values({
        organization_id: org.id,
        name: 'member manager',
        kind: 'custom',
        permissions: ['organization:read', 'projects:read', 'members:manage'],
      })
      .returning('id')
      .execute()
    const asAdmin = await signUpAndLogIn(gatehouse())
    const asViewer = await signUpAndLogIn(gatehouse())
    const adminInvitation = await invite(gatehouse(), org, asAdmin.email, 'admin', admin.as)
    const viewerInvitation = await invite(gatehouse(), org, asViewer.email, 'viewer', admin.as)

    const demoted = await call(gatehouse(), 'PUT', `/organization/${org.id}/member`, {
      as: owner.as,
      body: { user_id: admin.id, role_id: memberManager?.id },
    })
    expect(demoted.status).toBe(200)
    expectProblem(await accept(org, adminInvitation.id, asAdmin), 404)
    expect(await roleInDatabase(gatehouse(), org.id, asAdmin.id)).toBeUndefined()
    const withdrawn = await auditEvents(gatehouse(), org.id, 'invitation.withdrawn')
    expect(withdrawn.map((event) => [event.target_id, event.details])).toEqual([
      [adminInvitation.id, { email: asAdmin.email, reason: 'sender_role_changed' }],
    ])
    // Still within what the sender may give: it stands.
    expect((await accept(org, viewerInvitation.id, asViewer)).status).toBe(201)
    expect(await roleInDatabase(gatehouse(), org.id, asViewer.id)).toBe('viewer')
  })

  it('demoting the sender to a role that manages no members withdraws everything they sent', async () => {
    const { owner, org, admin } = await setting()
    const invitee = await signUpAndLogIn(gatehouse())
    const sent = await invite(gatehouse(), org, invitee.email, 'viewer', admin.as)
    const demoted = await call(gatehouse(), 'PUT', `/organization/${org.id}/member`, {
      as: owner.as,
      body: { user_id: admin.id, role_id: org.roles.devops },
    })
    expect(demoted.status).toBe(200)
    expectProblem(await accept(org, sent.id, invitee), 404)
    expect(await invitationRows(gatehouse(), org.id)).toEqual([])
  })

  it('acceptance checks the sender again: a member sender gone by any way leaves a dead invitation', async () => {
    const { org, admin } = await setting()
    const invitee = await signUpAndLogIn(gatehouse())
    const sent = await invite(gatehouse(), org, invitee.email, 'admin', admin.as)
    // Not through the API, so nothing was withdrawn: only the check at acceptance stands guard.
    await gatehouse()
      .deps.db.deleteFrom('memberships')
      .where('organization_id', '=', org.id)
      .where('user_id', '=', admin.id)
      .execute()
    await expectDeadInvitation(gatehouse(), org, sent.id, invitee)
  })

  it('acceptance checks the sender again: a sender whose role no longer allows the invited one', async () => {
    const { org, admin } = await setting()
    const invitee = await signUpAndLogIn(gatehouse())
    const sent = await invite(gatehouse(), org, invitee.email, 'devops', admin.as)
    await gatehouse()
      .deps.db.updateTable('memberships')
      .set({ role_id: org.roles.viewer })
      .where('organization_id', '=', org.id)
      .where('user_id', '=', admin.id)
      .execute()
    await expectDeadInvitation(gatehouse(), org, sent.id, invitee)
  })

  it('an invitation sent by an API token dies with the token', async () => {
    const { owner, org } = await setting()
    const token = await createApiToken(gatehouse(), org, 'admin')
    const invitee = await signUpAndLogIn(gatehouse())
    const sent = await invite(gatehouse(), org, invitee.email, 'admin', token.as)
    const deleted = await call(gatehouse(), 'DELETE', `/organization/${org.id}/apiToken/${token.id}`, {
      as: owner.as,
    })
    expect(deleted.status).toBe(204)
    await expectDeadInvitation(gatehouse(), org, sent.id, invitee)
  })

  it('an invitation with no known sender (made before senders were recorded) is refused', async () => {
    const { org } = await setting()
    const invitee = await signUpAndLogIn(gatehouse())
    const [row] = await gatehouse()
      .deps.db.insertInto('invitations')
      .values({
        organization_id: org.id,
        email: invitee.email,
        role_id: org.roles.viewer,
        inviter_name: 'someone long gone',
        status: 'PENDING',
      })
      .returning('id')
      .execute()
    await expectDeadInvitation(gatehouse(), org, row?.id as string, invitee)
  })

  it('a sender who keeps the right keeps the invitation good, user or token', async () => {
    const { org, admin } = await setting()
    const token = await createApiToken(gatehouse(), org, 'admin')
    for (const as of [admin.as, token.as]) {
      const invitee = await signUpAndLogIn(gatehouse())
      const sent = await invite(gatehouse(), org, invitee.email, 'admin', as)
      expect((await accept(org, sent.id, invitee)).status).toBe(201)
      expect(await roleInDatabase(gatehouse(), org.id, invitee.id)).toBe('admin')
    }
    const rows = await invitationRows(gatehouse(), org.id)
    expect(rows.map((row) => [row.inviter_type, row.inviter_id]).sort()).toEqual(
      [
        ['api_token', token.id],
        ['user', admin.id],
      ].sort(),
    )
  })
})

/** Refused with 404 invitation_expired, no membership, and the invitation no longer pending. */
async function expectDeadInvitation(
  gatehouse: TestGatehouse,
  org: TestOrganization,
  invitationId: string,
  invitee: TestUser,
) {
  const path = `/organization/${org.id}/inviteMember/${invitationId}`
  const res = await call(gatehouse, 'POST', path, { as: invitee.as })
  expectProblem(res, 404)
  expect(res.body.reason).toBe('invitation_expired')
  expect(res.body.detail).toContain('no longer valid')
  expect(await roleInDatabase(gatehouse, org.id, invitee.id)).toBeUndefined()
  const [row] = (await invitationRows(gatehouse, org.id)).filter((r) => r.id === invitationId)
  expect(row?.status).toBe('EXPIRED')
  // Refused for good: a second try is told the same, and nothing changes.
  const again = await call(gatehouse, 'POST', path, { as: invitee.as })
  expectProblem(again, 404)
  expect(await roleInDatabase(gatehouse, org.id, invitee.id)).toBeUndefined()
}

import { useState } from 'react'
import type { InviteMember, Member, Wire } from '../../../contract/index.ts'
import { api } from '../../api/client.ts'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { LoadError } from '../../components/LoadError.tsx'
import { Loading } from '../../components/Loading.tsx'
import { LoadMore } from '../../components/LoadMore.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useOrganization } from '../../lib/organization.tsx'
import { useAccount } from '../../lib/session.tsx'
import { type PagedList, usePagedList } from '../../lib/usePagedList.ts'
import { InvitationsList } from './InvitationsList.tsx'
import { InviteForm } from './InviteForm.tsx'
import { MembersTable } from './MembersTable.tsx'

type Invitation = Wire<InviteMember>
type Pending =
  | { kind: 'remove'; member: Wire<Member> }
  | { kind: 'transfer'; member: Wire<Member> }
  | { kind: 'withdraw'; invitation: Invitation }

export function MembersPage() {
  const account = useAccount()
  const { organization, can, reloadMembers, reloadOrganization } = useOrganization()
  const mayManage = can('members:manage')
  const members = usePagedList(
    (query) => api.getOrganizationMembers({ organizationId: organization.id, query }),
    `members-page:${organization.id}`,
  )
  const invitations = usePagedList(
    (query) =>
      mayManage
        ? api.getOrganizationInvitedMembers({ organizationId: organization.id, query })
        : Promise.resolve({ results: [] as Invitation[], next_cursor: null }),
    `invitations:${organization.id}:${mayManage}`,
  )
  const [pending, setPending] = useState<Pending>()
  const [announcement, setAnnouncement] = useState('')

  function refresh() {
    members.reload()
    invitations.reload()
    reloadMembers()
  }

  return (
    <>
      <PageHeader
        title="Members"
        description={`People who can sign in to ${organization.name}, and the role each one has.`}
      />
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {mayManage ? <InviteForm onInvited={invitations.reload} /> : null}

      <section className="section" aria-labelledby="members-heading">
        <h2 id="members-heading" className="section-title">
          Members {members.items ? <span className="count">{countOf(members)}</span> : null}
        </h2>
        {members.error ? (
          <LoadError error={members.error} onRetry={members.reload} />
        ) : !members.items ? (
          <Loading label="Loading members…" />
        ) : (
          <MembersTable
            members={members.items}
            meId={account.id}
            onRoleChanged={(member, role) => {
              setAnnouncement(`${member.name} is now ${role}.`)
              refresh()
            }}
            onRemove={(member) => setPending({ kind: 'remove', member })}
            onTransfer={(member) => setPending({ kind: 'transfer', member })}
          />
        )}
        <LoadMore list={members} what="members" />
      </section>

      {mayManage ? (
        <section className="section" aria-labelledby="invitations-heading">
          <h2 id="invitations-heading" className="section-title">
            Pending invitations{' '}
            {invitations.items ? <span className="count">{countOf(invitations, pendingOnly)}</span> : null}
          </h2>
          {invitations.error ? (
            <LoadError error={invitations.error} onRetry={invitations.reload} />
          ) : !invitations.items ? (
            <Loading label="Loading invitations…" rows={1} />
          ) : (
            <>
              <InvitationsList
                invitations={pendingOnly(invitations.items)}
                onWithdraw={(invitation) => setPending({ kind: 'withdraw', invitation })}
              />
              <LoadMore list={invitations} what="invitations" />
            </>
          )}
        </section>
      ) : null}

      {pending?.kind === 'remove' ? (
        <ConfirmDialog
          title="Remove member"
          confirmLabel="Remove member"
          onConfirm={() =>
            api.deleteMember({ organizationId: organization.id, body: { user_id: pending.member.id } })
          }
          onClose={() => setPending(undefined)}
          onDone={() => {
            setAnnouncement(`${pending.member.name} was removed.`)
            refresh()
          }}
        >
          <p>
            Remove <strong>{pending.member.name}</strong> ({pending.member.email}) from{' '}
            <strong>{organization.name}</strong>? They lose access at once. API tokens they created keep
            working until deleted.
          </p>
        </ConfirmDialog>
      ) : null}
      {pending?.kind === 'transfer' ? (
        <ConfirmDialog
          title="Transfer ownership"
          confirmLabel="Transfer ownership"
          onConfirm={() =>
            api.postOrganizationTransferOwnership({
              organizationId: organization.id,
              body: { user_id: pending.member.id },
            })
          }
          onClose={() => setPending(undefined)}
          onDone={() => {
            setAnnouncement(`${pending.member.name} now owns ${organization.name}.`)
            refresh()
            reloadOrganization()
          }}
        >
          <p>
            Make <strong>{pending.member.name}</strong> the owner of <strong>{organization.name}</strong>? You
            become an admin: you will no longer be able to delete the organization or transfer it back
            yourself.
          </p>
        </ConfirmDialog>
      ) : null}
      {pending?.kind === 'withdraw' ? (
        <ConfirmDialog
          title="Withdraw invitation"
          confirmLabel="Withdraw invitation"
          onConfirm={() =>
            api.deleteInviteMember({ organizationId: organization.id, inviteId: pending.invitation.id })
          }
          onClose={() => setPending(undefined)}
          onDone={() => {
            setAnnouncement(`The invitation for ${pending.invitation.email} was withdrawn.`)
            invitations.reload()
          }}
        >
          <p>
            Withdraw the invitation for <strong>{pending.invitation.email}</strong>? Its link stops working.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  )
}

/** How many are loaded; with a "+" when the list goes on (the API does not count the rest). */
function countOf<T>(list: PagedList<T>, filter: (items: T[]) => T[] = (items) => items): string {
  return `${filter(list.items ?? []).length}${list.hasMore ? '+' : ''}`
}

function pendingOnly(invitations: Invitation[]): Invitation[] {
  return invitations.filter((invitation) => invitation.invitation_status === 'PENDING')
}

import type { InviteMember, Wire } from '../../../contract/index.ts'
import { CopyButton } from '../../components/CopyButton.tsx'
import { Icon } from '../../components/Icon.tsx'
import { RelativeTime } from '../../components/RelativeTime.tsx'
import { RoleBadge } from '../../components/RoleBadge.tsx'

export function InvitationsList({
  invitations,
  onWithdraw,
}: {
  invitations: Wire<InviteMember>[]
  onWithdraw: (invitation: Wire<InviteMember>) => void
}) {
  if (invitations.length === 0) return <p className="muted">No pending invitations.</p>
  return (
    <div className="table-card">
      <table className="table responsive-table" aria-label="Pending invitations">
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Invited</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {invitations.map((invitation) => (
            <tr key={invitation.id} data-invitation-email={invitation.email}>
              <td data-label="Email">
                <span className="cell-title">
                  <Icon name="mail" />
                  {invitation.email}
                </span>
              </td>
              <td data-label="Role">
                <RoleBadge name={invitation.role_name} />
              </td>
              <td data-label="Invited" className="muted">
                <RelativeTime iso={invitation.created_at} />
              </td>
              <td className="cell-actions">
                <CopyButton
                  value={invitation.invitation_link}
                  label="Copy link"
                  className="button button-small"
                />
                <button
                  type="button"
                  className="icon-button icon-button-danger"
                  aria-label={`Withdraw the invitation for ${invitation.email}`}
                  title="Withdraw invitation"
                  onClick={() => onWithdraw(invitation)}
                >
                  <Icon name="x" />
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

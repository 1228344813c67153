import type { Member, Wire } from '../../../contract/index.ts'
import { grantableRoles } from '../../../contract/values.ts'
import { Avatar } from '../../components/Avatar.tsx'
import { Icon } from '../../components/Icon.tsx'
import { RelativeTime } from '../../components/RelativeTime.tsx'
import { RoleBadge } from '../../components/RoleBadge.tsx'
import { useOrganization } from '../../lib/organization.tsx'
import { MemberRoleSelect } from './MemberRoleSelect.tsx'

interface MembersTableProps {
  members: Wire<Member>[]
  meId: string
  onRoleChanged: (member: Wire<Member>, roleName: string) => void
  onRemove: (member: Wire<Member>) => void
  onTransfer: (member: Wire<Member>) => void
}

export function MembersTable({ members, meId, onRoleChanged, onRemove, onTransfer }: MembersTableProps) {
  const { roles, myRole, can } = useOrganization()
  const offered = grantableRoles(roles, myRole)
  const mayManage = can('members:manage')
  const mayTransfer = can('organization:transfer_ownership')
  // One may change or remove only those whose current role one could have granted (never the owner).
  const mayTouch = (member: Wire<Member>) =>
    mayManage && member.id !== meId && offered.some((r) => r.id === member.role_id)

  return (
    <div className="table-card">
      <table className="table responsive-table" aria-label="Members">
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Role</th>
            <th scope="col">Last activity</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.id} data-member-email={member.email}>
              <td data-label="Member">
                <div className="cell-title">
                  <Avatar name={member.name} />
                  <div>
                    <div className="strong">
                      {member.name}
                      {member.id === meId ? <span className="muted"> (you)</span> : null}
                    </div>
                    <div className="muted small">{member.email}</div>
                  </div>
                </div>
              </td>
              <td data-label="Role">
                {mayTouch(member) ? (
                  <MemberRoleSelect member={member} roles={offered} onChanged={onRoleChanged} />
                ) : (
                  <RoleBadge name={member.role_name} />
                )}
              </td>
              <td data-label="Last activity" className="muted">
                {member.last_activity_at ? <RelativeTime iso={member.last_activity_at} /> : 'Never'}
              </td>
              <td className="cell-actions">
                {mayTransfer && member.id !== meId ? (
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Transfer ownership to ${member.name}`}
                    title="Transfer ownership"
                    onClick={() => onTransfer(member)}
                  >
                    <Icon name="crown" />
                  </button>
                ) : null}
                {mayTouch(member) ? (
                  <button
                    type="button"
                    className="icon-button icon-button-danger"
                    aria-label={`Remove ${member.name}`}
                    title="Remove member"
                    onClick={() => onRemove(member)}
                  >
                    <Icon name="trash" />
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

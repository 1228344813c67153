import { useState } from 'react'
import type { Member, OrganizationAvailableRole, Wire } from '../../../contract/index.ts'
import { api } from '../../api/client.ts'
import { useOrganization } from '../../lib/organization.tsx'
import { problemMessageOf } from '../../lib/problems.ts'
import { roleLabel } from '../../lib/roles.ts'

/** Changing a role is applied at once (and reversible), so it needs no confirmation. */
export function MemberRoleSelect({
  member,
  roles,
  onChanged,
}: {
  member: Wire<Member>
  roles: OrganizationAvailableRole[]
  onChanged: (member: Wire<Member>, roleName: string) => void
}) {
  const { organization } = useOrganization()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()

  async function change(roleId: string) {
    setBusy(true)
    setError(undefined)
    try {
      await api.editOrganizationMemberRole({
        organizationId: organization.id,
        body: { user_id: member.id, role_id: roleId },
      })
      onChanged(member, roles.find((r) => r.id === roleId)?.name ?? 'changed')
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div>
      <select
        className="select-compact"
        aria-label={`Role of ${member.name}`}
        value={member.role_id}
        disabled={busy}
        onChange={(e) => change(e.target.value)}
      >
        {roles.map((role) => (
          <option key={role.id} value={role.id}>
            {roleLabel(role)}
          </option>
        ))}
      </select>
      {error ? (
        <p className="field-error" role="alert">
          {problemMessageOf(error)}
        </p>
      ) : null}
    </div>
  )
}

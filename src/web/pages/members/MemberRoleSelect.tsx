import { useState } from 'react'
import { type ApiError, api } from '../../api/client.ts'
import type { Member, Role } from '../../api/types.ts'
import { useOrganization } from '../../lib/organization.tsx'
import { capitalize } from '../../lib/roles.ts'

/** Changing a role is applied at once (and reversible), so it needs no confirmation. */
export function MemberRoleSelect({
  member,
  roles,
  onChanged,
}: {
  member: Member
  roles: Role[]
  onChanged: (member: Member, roleName: string) => void
}) {
  const { organization } = useOrganization()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError>()

  async function change(roleId: string) {
    setBusy(true)
    setError(undefined)
    try {
      await api.changeMemberRole(organization.id, { user_id: member.id, role_id: roleId })
      onChanged(member, roles.find((r) => r.id === roleId)?.name ?? 'changed')
    } catch (caught) {
      setError(caught as ApiError)
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
            {capitalize(role.name)}
          </option>
        ))}
      </select>
      {error ? (
        <p className="field-error" role="alert">
          {error.message}
        </p>
      ) : null}
    </div>
  )
}

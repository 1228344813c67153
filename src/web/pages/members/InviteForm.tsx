import { type FormEvent, useState } from 'react'
import { type ApiError, api } from '../../api/client.ts'
import type { Invitation } from '../../api/types.ts'
import { Alert } from '../../components/Alert.tsx'
import { CopyButton } from '../../components/CopyButton.tsx'
import { Field } from '../../components/Field.tsx'
import { useOrganization } from '../../lib/organization.tsx'
import { capitalize, grantableRoles } from '../../lib/roles.ts'

/** Invites by email; with no mail server, the link is shown to copy and send. */
export function InviteForm({ onInvited }: { onInvited: () => void }) {
  const { organization, roles, myRole } = useOrganization()
  const offered = grantableRoles(roles, myRole)
  const [email, setEmail] = useState('')
  const [roleId, setRoleId] = useState(
    () => (offered.find((r) => r.name === 'viewer') ?? offered[0])?.id ?? '',
  )
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError>()
  const [invited, setInvited] = useState<Invitation>()

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    setInvited(undefined)
    try {
      setInvited(await api.invite(organization.id, { email: email.trim(), role_id: roleId }))
      setEmail('')
      onInvited()
    } catch (caught) {
      setError(caught as ApiError)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card section" aria-labelledby="invite-heading">
      <h2 id="invite-heading" className="section-title">
        Invite a member
      </h2>
      <form className="inline-form" onSubmit={submit} noValidate>
        <Field label="Email" error={error?.fieldErrors.email}>
          <input
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            placeholder="teammate@example.com"
          />
        </Field>
        <Field label="Role" error={error?.fieldErrors.role_id}>
          <select value={roleId} onChange={(e) => setRoleId(e.target.value)}>
            {offered.map((role) => (
              <option key={role.id} value={role.id}>
                {capitalize(role.name)}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" className="button button-primary" disabled={busy || !email.trim()}>
          {busy ? 'Inviting…' : 'Invite'}
        </button>
      </form>
      {error && !Object.keys(error.fieldErrors).length ? <Alert>{error.message}</Alert> : null}
      {invited ? (
        <Alert tone="success">
          <p>
            Invitation created for <strong>{invited.email}</strong>. No email is sent: share this link with
            them.
          </p>
          <div className="link-row">
            <input
              readOnly
              value={invited.invitation_link}
              aria-label="Invitation link"
              className="mono"
              onFocus={(e) => e.currentTarget.select()}
            />
            <CopyButton value={invited.invitation_link} label="Copy link" />
          </div>
        </Alert>
      ) : null}
    </section>
  )
}

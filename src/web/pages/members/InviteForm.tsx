import { type FormEvent, useState } from 'react'
import type { InviteMember, Wire } from '../../../contract/index.ts'
import { grantableRoles } from '../../../contract/values.ts'
import { api } from '../../api/client.ts'
import { Alert } from '../../components/Alert.tsx'
import { CopyButton } from '../../components/CopyButton.tsx'
import { Field } from '../../components/Field.tsx'
import { useOrganization } from '../../lib/organization.tsx'
import { formProblemOf } from '../../lib/problems.ts'
import { roleLabel } from '../../lib/roles.ts'

/** Invites by email; with no mail server, the link is shown to copy and send. */
export function InviteForm({ onInvited }: { onInvited: () => void }) {
  const { organization, roles, myRole } = useOrganization()
  const offered = grantableRoles(roles, myRole)
  const [email, setEmail] = useState('')
  // The least powerful role offered (the API lists them most powerful first): widen it on purpose.
  const [roleId, setRoleId] = useState(() => offered.at(-1)?.id ?? '')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const problem = formProblemOf(error)
  const [invited, setInvited] = useState<Wire<InviteMember>>()

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    setInvited(undefined)
    try {
      setInvited(
        await api.postInviteMember({
          organizationId: organization.id,
          body: { email: email.trim(), role_id: roleId },
        }),
      )
      setEmail('')
      onInvited()
    } catch (caught) {
      setError(caught)
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
        <Field label="Email" error={problem.fields.email}>
          <input
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            placeholder="teammate@example.com"
          />
        </Field>
        <Field label="Role" error={problem.fields.role_id}>
          <select value={roleId} onChange={(e) => setRoleId(e.target.value)}>
            {offered.map((role) => (
              <option key={role.id} value={role.id}>
                {roleLabel(role)}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" className="button button-primary" disabled={busy || !email.trim()}>
          {busy ? 'Inviting…' : 'Invite'}
        </button>
      </form>
      {problem.general ? <Alert>{problem.general}</Alert> : null}
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

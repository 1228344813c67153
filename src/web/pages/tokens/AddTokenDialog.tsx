import { type FormEvent, useState } from 'react'
import { grantableRoles } from '../../../contract/values.ts'
import { api } from '../../api/client.ts'
import { Alert } from '../../components/Alert.tsx'
import { Dialog } from '../../components/Dialog.tsx'
import { Field } from '../../components/Field.tsx'
import { FormActions } from '../../components/FormActions.tsx'
import { useOrganization } from '../../lib/organization.tsx'
import { formProblemOf } from '../../lib/problems.ts'
import { roleLabel } from '../../lib/roles.ts'
import { defaultExpiryChoice, type ExpiryValue, expiresAtOf, parseAddressList } from '../../lib/tokenLife.ts'
import { AllowedAddressesField, ExpiryField } from './LifecycleFields.tsx'
import { TokenRevealDialog } from './TokenReveal.tsx'

/**
 * "Add new" then, in the same dialog, the show-once view. The secret lives only in this
 * component's state: closing the dialog unmounts it, and the value is gone.
 */
export function AddTokenDialog({
  onCreated,
  onClose,
}: {
  onCreated: (name: string) => void
  onClose: () => void
}) {
  const { organization, roles, myRole } = useOrganization()
  const offered = grantableRoles(roles, myRole)
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  // The most powerful role one may give (the API lists them most powerful first).
  const [roleId, setRoleId] = useState(() => offered[0]?.id ?? '')
  const maxLifetimeDays = organization.api_token_max_lifetime_days
  const [expiry, setExpiry] = useState<ExpiryValue>(() => ({
    choice: defaultExpiryChoice(maxLifetimeDays),
    date: '',
  }))
  const [addresses, setAddresses] = useState('')
  const [dateMissing, setDateMissing] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const problem = formProblemOf(error)
  const [nameMissing, setNameMissing] = useState(false)
  const [created, setCreated] = useState<{ name: string; token: string }>()

  async function submit(event: FormEvent) {
    event.preventDefault()
    const expiresAt = expiresAtOf(expiry)
    if (!name.trim() || expiresAt === 'no date') {
      setNameMissing(!name.trim())
      setDateMissing(expiresAt === 'no date')
      return
    }
    setBusy(true)
    setError(undefined)
    try {
      const answer = await api.createOrganizationApiToken({
        organizationId: organization.id,
        body: {
          name: name.trim(),
          description: description.trim(),
          role_id: roleId,
          expires_at: expiresAt ?? null,
          allowed_cidrs: parseAddressList(addresses),
        },
      })
      setCreated({ name: answer.name, token: answer.token })
      onCreated(answer.name)
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
    }
  }

  // Another dialog, not this one with new content: it opens afresh, so focus moves into it (to
  // the copy button) and screen readers announce it.
  if (created) return <TokenRevealDialog name={created.name} token={created.token} onClose={onClose} />

  const nameError = nameMissing ? 'Give the token a name.' : problem.fields.name
  return (
    <Dialog
      title="New API token"
      description="The token acts for this organization with the role you choose."
      onClose={onClose}
      busy={busy}
    >
      <form className="form" onSubmit={submit} noValidate>
        {problem.general ? <Alert>{problem.general}</Alert> : null}
        <Field
          label="Name"
          hint="Something that says where it is used, e.g. “GitHub Actions deploy”."
          error={nameError}
        >
          <input
            required
            maxLength={255}
            value={name}
            onChange={(e) => {
              setName(e.target.value)
              setNameMissing(false)
            }}
            data-autofocus
          />
        </Field>
        <Field label="Description" optional error={problem.fields.description}>
          <textarea
            rows={2}
            maxLength={1000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </Field>
        <Field
          label="Role"
          hint="The token can do what this role allows. You can give only roles that allow no more than yours."
          error={problem.fields.role_id}
        >
          <select value={roleId} onChange={(e) => setRoleId(e.target.value)} required>
            {offered.map((role) => (
              <option key={role.id} value={role.id}>
                {roleLabel(role)}
              </option>
            ))}
          </select>
        </Field>
        <ExpiryField
          value={expiry}
          onChange={(next) => {
            setExpiry(next)
            setDateMissing(false)
          }}
          maxLifetimeDays={maxLifetimeDays}
          error={dateMissing ? 'Choose a date.' : problem.fields.expires_at}
        />
        <AllowedAddressesField
          value={addresses}
          onChange={setAddresses}
          error={problem.fields.allowed_cidrs}
        />
        <FormActions
          busy={busy}
          onCancel={onClose}
          label="Create token"
          busyLabel="Creating…"
          blocked={offered.length === 0}
        />
      </form>
    </Dialog>
  )
}

import { type FormEvent, useState } from 'react'
import type { OrganizationApiToken, OrganizationApiTokenEditRequest, Wire } from '../../../contract/index.ts'
import { grantableRoles } from '../../../contract/values.ts'
import { api } from '../../api/client.ts'
import { Alert } from '../../components/Alert.tsx'
import { Dialog } from '../../components/Dialog.tsx'
import { Field } from '../../components/Field.tsx'
import { FormActions } from '../../components/FormActions.tsx'
import { useOrganization } from '../../lib/organization.tsx'
import { formProblemOf } from '../../lib/problems.ts'
import { roleLabel } from '../../lib/roles.ts'
import { shortDate } from '../../lib/time.ts'
import { type ExpiryValue, expiresAtOf, parseAddressList } from '../../lib/tokenLife.ts'
import { AllowedAddressesField, ExpiryField } from './LifecycleFields.tsx'

/**
 * Everything of a token but its value: name, description, role, expiry and allowed addresses.
 * Only what changed is sent (the API leaves the rest), so saving an untouched form changes nothing.
 */
export function EditTokenDialog({
  token,
  onSaved,
  onClose,
}: {
  token: Wire<OrganizationApiToken>
  onSaved: (token: Wire<OrganizationApiToken>) => void
  onClose: () => void
}) {
  const { organization, roles, myRole } = useOrganization()
  const offered = grantableRoles(roles, myRole)
  // A role one may not give is still the token's own: shown, so the select does not lie.
  const roleOptions: Array<{ id: string; name: string; kind?: 'built_in' | 'custom' }> = offered.some(
    (role) => role.id === token.role_id,
  )
    ? offered
    : [{ id: token.role_id, name: token.role_name }, ...offered]
  const maxLifetimeDays = organization.api_token_max_lifetime_days
  const expired = token.status === 'expired'
  const [name, setName] = useState(token.name)
  const [description, setDescription] = useState(token.description)
  const [roleId, setRoleId] = useState(token.role_id)
  const [expiry, setExpiry] = useState<ExpiryValue>({ choice: 'keep', date: '' })
  const [addresses, setAddresses] = useState(token.allowed_cidrs.join('\n'))
  const [nameMissing, setNameMissing] = useState(false)
  const [dateMissing, setDateMissing] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const problem = formProblemOf(error)

  async function submit(event: FormEvent) {
    event.preventDefault()
    const expiresAt = expiresAtOf(expiry)
    if (!name.trim() || expiresAt === 'no date') {
      setNameMissing(!name.trim())
      setDateMissing(expiresAt === 'no date')
      return
    }
    const body: OrganizationApiTokenEditRequest = {}
    if (name.trim() !== token.name) body.name = name.trim()
    if (description.trim() !== token.description) body.description = description.trim()
    if (roleId !== token.role_id) body.role_id = roleId
    if (expiresAt !== undefined) body.expires_at = expiresAt
    const allowed = parseAddressList(addresses)
    if (allowed.join('\n') !== token.allowed_cidrs.join('\n')) body.allowed_cidrs = allowed
    if (Object.keys(body).length === 0) {
      onClose()
      return
    }
    setBusy(true)
    setError(undefined)
    try {
      const saved = await api.editOrganizationApiToken({
        organizationId: organization.id,
        apiTokenId: token.id,
        body,
      })
      onSaved(saved)
      onClose()
    } catch (caught) {
      setError(caught)
      setBusy(false)
    }
  }

  const currentExpiry = token.expires_at
    ? `${expired ? 'Expired' : 'Keep'}: ${shortDate(token.expires_at)}`
    : 'Keep: never'
  return (
    <Dialog
      title="Edit API token"
      description="Its value stays the same: rotate it for a new one."
      onClose={onClose}
      busy={busy}
    >
      <form className="form" onSubmit={submit} noValidate>
        {problem.general ? <Alert>{problem.general}</Alert> : null}
        <Field label="Name" error={nameMissing ? 'Give the token a name.' : problem.fields.name}>
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
          hint="A new role applies to the token's next request."
          error={problem.fields.role_id}
        >
          <select value={roleId} onChange={(e) => setRoleId(e.target.value)}>
            {roleOptions.map((role) => (
              <option key={role.id} value={role.id}>
                {roleLabel(role)}
              </option>
            ))}
          </select>
        </Field>
        {expired ? (
          <Field label="Expires" hint="It has expired: rotate it with a new expiry to use it again.">
            <input value={currentExpiry} readOnly />
          </Field>
        ) : (
          <ExpiryField
            value={expiry}
            onChange={(next) => {
              setExpiry(next)
              setDateMissing(false)
            }}
            maxLifetimeDays={maxLifetimeDays}
            keep={currentExpiry}
            error={dateMissing ? 'Choose a date.' : problem.fields.expires_at}
          />
        )}
        <AllowedAddressesField
          value={addresses}
          onChange={setAddresses}
          error={problem.fields.allowed_cidrs}
        />
        <FormActions busy={busy} onCancel={onClose} label="Save changes" busyLabel="Saving…" />
      </form>
    </Dialog>
  )
}

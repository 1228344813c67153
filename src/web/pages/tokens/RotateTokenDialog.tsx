import { type FormEvent, useState } from 'react'
import type {
  OrganizationApiToken,
  OrganizationApiTokenRotateRequest,
  OrganizationApiTokenRotation,
  Wire,
} from '../../../contract/index.ts'
import { api } from '../../api/client.ts'
import { Alert } from '../../components/Alert.tsx'
import { Dialog } from '../../components/Dialog.tsx'
import { Field } from '../../components/Field.tsx'
import { FormActions } from '../../components/FormActions.tsx'
import { useOrganization } from '../../lib/organization.tsx'
import { formProblemOf } from '../../lib/problems.ts'
import { shortDate, shortDateTime } from '../../lib/time.ts'
import { defaultExpiryChoice, type ExpiryValue, expiresAtOf, gracePeriods } from '../../lib/tokenLife.ts'
import { ExpiryField } from './LifecycleFields.tsx'
import { TokenRevealDialog } from './TokenReveal.tsx'

/**
 * A new value for the same token (name, role and settings stay), shown once in the same dialog as
 * at creation. The old value works for the grace period chosen, so scripts can be moved over.
 */
export function RotateTokenDialog({
  token,
  onRotated,
  onClose,
}: {
  token: Wire<OrganizationApiToken>
  onRotated: (token: Wire<OrganizationApiTokenRotation>) => void
  onClose: () => void
}) {
  const { organization } = useOrganization()
  const maxLifetimeDays = organization.api_token_max_lifetime_days
  const leaked = token.status === 'revoked_leaked'
  const expired = token.status === 'expired'
  const [grace, setGrace] = useState(0)
  // An expired token needs a new expiry; any other keeps its own unless told otherwise.
  const [expiry, setExpiry] = useState<ExpiryValue>(() => ({
    choice: expired ? defaultExpiryChoice(maxLifetimeDays) : 'keep',
    date: '',
  }))
  const [dateMissing, setDateMissing] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const [rotated, setRotated] = useState<Wire<OrganizationApiTokenRotation>>()
  const graceEnds = token.grace_period_ends_at
  const problem = formProblemOf(error, {
    rotation_in_progress: {
      field: 'grace_period_seconds',
      message: graceEnds
        ? `This token was rotated recently and its previous value still works until ${shortDateTime(graceEnds)}: rotate again after that.`
        : 'This token was rotated recently and its previous value still works: rotate again once that grace period ends.',
    },
  })

  async function submit(event: FormEvent) {
    event.preventDefault()
    const expiresAt = expiresAtOf(expiry)
    if (expiresAt === 'no date') {
      setDateMissing(true)
      return
    }
    const body: OrganizationApiTokenRotateRequest = { grace_period_seconds: leaked ? 0 : grace }
    if (expiresAt !== undefined) body.expires_at = expiresAt
    setBusy(true)
    setError(undefined)
    try {
      const answer = await api.rotateOrganizationApiToken({
        organizationId: organization.id,
        apiTokenId: token.id,
        body,
      })
      setRotated(answer)
      onRotated(answer)
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
    }
  }

  if (rotated)
    return (
      <TokenRevealDialog
        name={rotated.name}
        token={rotated.token}
        note={
          rotated.grace_period_ends_at
            ? `The old value keeps working until ${shortDateTime(rotated.grace_period_ends_at)}, then it is refused.`
            : 'The old value no longer works.'
        }
        onClose={onClose}
      />
    )

  return (
    <Dialog
      title="Rotate API token"
      description={
        <>
          <strong>{token.name}</strong> gets a new value, shown once. Its name, role and allowed addresses
          stay.
        </>
      }
      onClose={onClose}
      busy={busy}
    >
      <form className="form" onSubmit={submit} noValidate>
        {problem.general ? <Alert>{problem.general}</Alert> : null}
        {leaked ? (
          <Alert tone="info">
            Its value was found in public, so the new value replaces it at once, with no grace period.
          </Alert>
        ) : (
          <Field
            label="Old value keeps working for"
            hint={
              graceEnds
                ? `The previous rotation's old value still works until ${shortDateTime(graceEnds)}: a new rotation is refused until then.`
                : 'Time to move scripts over to the new value.'
            }
            error={problem.fields.grace_period_seconds}
          >
            <select value={grace} onChange={(e) => setGrace(Number(e.target.value))} data-autofocus>
              {gracePeriods.map((period) => (
                <option key={period.seconds} value={period.seconds}>
                  {period.label}
                </option>
              ))}
            </select>
          </Field>
        )}
        <ExpiryField
          value={expiry}
          onChange={(next) => {
            setExpiry(next)
            setDateMissing(false)
          }}
          maxLifetimeDays={maxLifetimeDays}
          keep={
            expired ? undefined : token.expires_at ? `Keep: ${shortDate(token.expires_at)}` : 'Keep: never'
          }
          error={dateMissing ? 'Choose a date.' : problem.fields.expires_at}
        />
        <FormActions busy={busy} onCancel={onClose} label="Rotate token" busyLabel="Rotating…" />
      </form>
    </Dialog>
  )
}

import { type FormEvent, useState } from 'react'
import type { Webhook, WebhookSecret, Wire } from '../../../contract/index.ts'
import { api } from '../../api/client.ts'
import { Alert } from '../../components/Alert.tsx'
import { Dialog } from '../../components/Dialog.tsx'
import { Field } from '../../components/Field.tsx'
import { FormActions } from '../../components/FormActions.tsx'
import { RevealOnceDialog } from '../../components/RevealOnceDialog.tsx'
import { useOrganization } from '../../lib/organization.tsx'
import { formProblemOf } from '../../lib/problems.ts'
import { shortDateTime } from '../../lib/time.ts'

/** The choices of the issue; 24 hours is the API's default too. */
const graceChoices = [
  { seconds: 0, label: 'None: the old secret stops signing at once' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 24 * 3600, label: '24 hours' },
  { seconds: 7 * 24 * 3600, label: '7 days' },
]
const DEFAULT_GRACE_SECONDS = 24 * 3600

/**
 * A new signing secret, shown once. During the grace period every delivery carries a signature
 * with the old secret too, so the receiver can be given the new one without missing an event.
 */
export function RotateWebhookSecretDialog({
  webhook,
  onRotated,
  onClose,
}: {
  webhook: Wire<Webhook>
  onRotated: () => void
  onClose: () => void
}) {
  const { organization } = useOrganization()
  const [grace, setGrace] = useState(DEFAULT_GRACE_SECONDS)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const [rotated, setRotated] = useState<Wire<WebhookSecret>>()
  const problem = formProblemOf(error)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      const answer = await api.rotateWebhookSecret({
        organizationId: organization.id,
        webhookId: webhook.id,
        body: { grace_period_seconds: grace },
      })
      setRotated(answer)
      onRotated()
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
    }
  }

  if (rotated)
    return (
      <RevealOnceDialog
        title="Copy the new signing secret"
        warning={
          <>
            Copy the new signing secret for <strong>{webhook.url}</strong> now.{' '}
            <strong>It will not be shown again.</strong>
          </>
        }
        value={rotated.secret}
        valueLabel={`New signing secret for ${webhook.url}`}
        copyLabel="Copy secret"
        what="secret"
        onClose={onClose}
      >
        <p className="muted small">
          {rotated.previous_secret_expires_at
            ? `Until ${shortDateTime(rotated.previous_secret_expires_at)} each delivery is signed with the old secret and the new one (two signatures in webhook-signature): give your receiver the new one before then.`
            : 'The old secret no longer signs: deliveries carry only the new signature.'}
        </p>
      </RevealOnceDialog>
    )

  return (
    <Dialog
      title="Rotate signing secret"
      description={
        <>
          The webhook to <strong>{webhook.url}</strong> gets a new signing secret, shown once.
        </>
      }
      onClose={onClose}
      busy={busy}
    >
      <form className="form" onSubmit={submit} noValidate>
        {problem.general ? <Alert>{problem.general}</Alert> : null}
        <Field
          label="Old secret also signs for"
          hint="Time to give your receiver the new secret: meanwhile each delivery carries both signatures."
          error={problem.fields.grace_period_seconds}
        >
          <select value={grace} onChange={(e) => setGrace(Number(e.target.value))} data-autofocus>
            {graceChoices.map((choice) => (
              <option key={choice.seconds} value={choice.seconds}>
                {choice.label}
              </option>
            ))}
          </select>
        </Field>
        <FormActions busy={busy} onCancel={onClose} label="Rotate secret" busyLabel="Rotating…" />
      </form>
    </Dialog>
  )
}

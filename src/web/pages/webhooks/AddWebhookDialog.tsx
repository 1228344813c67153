import { type FormEvent, useState } from 'react'
import type { WebhookEventType } from '../../../contract/index.ts'
import { webhookEventTypes } from '../../../contract/values.ts'
import { api } from '../../api/client.ts'
import { Alert } from '../../components/Alert.tsx'
import { Dialog } from '../../components/Dialog.tsx'
import { Field } from '../../components/Field.tsx'
import { FormActions } from '../../components/FormActions.tsx'
import { RevealOnceDialog } from '../../components/RevealOnceDialog.tsx'
import { useOrganization } from '../../lib/organization.tsx'
import { formProblemOf } from '../../lib/problems.ts'
import { eventsFieldError, WebhookEventsPicker } from './WebhookEventsPicker.tsx'
import { WebhookUrlField } from './WebhookUrlField.tsx'

/** A webhook's URL, description and events; once created, its signing secret shown once. */
export function AddWebhookDialog({
  onCreated,
  onClose,
}: {
  onCreated: (url: string) => void
  onClose: () => void
}) {
  const { organization } = useOrganization()
  const [url, setUrl] = useState('https://')
  const [description, setDescription] = useState('')
  const [events, setEvents] = useState<Set<WebhookEventType>>(() => new Set())
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const [created, setCreated] = useState<{ url: string; secret: string }>()
  const [noEvents, setNoEvents] = useState(false)
  const problem = formProblemOf(error)
  const eventsError =
    (noEvents && events.size === 0 ? 'Choose at least one event.' : undefined) ??
    eventsFieldError(problem.fields)

  async function submit(formEvent: FormEvent) {
    formEvent.preventDefault()
    // Said here, beside the checkboxes, rather than in the schema's words after a round trip.
    if (events.size === 0) return setNoEvents(true)
    setBusy(true)
    setError(undefined)
    try {
      const answer = await api.createWebhook({
        organizationId: organization.id,
        body: {
          url: url.trim(),
          // In the catalogue's order, whatever order they were ticked in.
          events: webhookEventTypes.filter((type) => events.has(type)),
          ...(description.trim() ? { description: description.trim() } : {}),
        },
      })
      setCreated({ url: answer.url, secret: answer.secret })
      onCreated(answer.url)
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
    }
  }

  if (created)
    return (
      <RevealOnceDialog
        title="Copy the signing secret"
        warning={
          <>
            Copy the signing secret for <strong>{created.url}</strong> now.{' '}
            <strong>It will not be shown again.</strong> If you lose it, delete the webhook and add it again.
          </>
        }
        value={created.secret}
        valueLabel={`Signing secret for ${created.url}`}
        copyLabel="Copy secret"
        what="secret"
        onClose={onClose}
      >
        <p className="muted small">
          Your receiver checks the <code>webhook-signature</code> header with it: an HMAC-SHA256 of{' '}
          <code>webhook-id.webhook-timestamp.body</code>, as the Standard Webhooks libraries do.
        </p>
      </RevealOnceDialog>
    )

  return (
    <Dialog
      title="New webhook"
      description="Gatehouse POSTs a signed JSON event to this URL when one of the chosen events happens."
      onClose={onClose}
      busy={busy}
    >
      <form className="form" onSubmit={submit} noValidate>
        {problem.general ? <Alert>{problem.general}</Alert> : null}
        <WebhookUrlField value={url} onChange={setUrl} error={problem.fields.url} />
        <Field
          label="Description"
          optional
          hint="What it is for, e.g. “Slack alerts”."
          error={problem.fields.description}
        >
          <input maxLength={255} value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <WebhookEventsPicker
          events={events}
          onChange={setEvents}
          error={eventsError}
          errorId="webhook-events-error"
        />
        <FormActions busy={busy} onCancel={onClose} label="Add webhook" busyLabel="Adding…" />
      </form>
    </Dialog>
  )
}

import { type FormEvent, useState } from 'react'
import type { Webhook, WebhookEventType, WebhookUpdateRequest, Wire } from '../../../contract/index.ts'
import { webhookEventTypes } from '../../../contract/values.ts'
import { api } from '../../api/client.ts'
import { Alert } from '../../components/Alert.tsx'
import { Dialog } from '../../components/Dialog.tsx'
import { Field } from '../../components/Field.tsx'
import { FormActions } from '../../components/FormActions.tsx'
import { useOrganization } from '../../lib/organization.tsx'
import { formProblemOf } from '../../lib/problems.ts'
import { eventsFieldError, WebhookEventsPicker } from './WebhookEventsPicker.tsx'
import { WebhookUrlField } from './WebhookUrlField.tsx'

/** Only what the person changed goes to the server: an untouched URL is not checked again. */
function changesOf(
  webhook: Wire<Webhook>,
  url: string,
  description: string,
  events: Set<WebhookEventType>,
): Partial<WebhookUpdateRequest> {
  const body: Partial<WebhookUpdateRequest> = {}
  if (url.trim() !== webhook.url) body.url = url.trim()
  if (description.trim() !== webhook.description) body.description = description.trim()
  // In the catalogue's order, whatever order they were ticked in.
  const chosen = webhookEventTypes.filter((type) => events.has(type))
  const before = new Set(webhook.events)
  if (chosen.length !== before.size || chosen.some((type) => !before.has(type))) body.events = chosen
  return body
}

/** A webhook's URL, description and events, prefilled; its secret is rotated elsewhere. */
export function EditWebhookDialog({
  webhook,
  onSaved,
  onClose,
}: {
  webhook: Wire<Webhook>
  onSaved: () => void
  onClose: () => void
}) {
  const { organization } = useOrganization()
  const [url, setUrl] = useState(webhook.url)
  const [description, setDescription] = useState(webhook.description)
  const [events, setEvents] = useState<Set<WebhookEventType>>(
    () => new Set(webhookEventTypes.filter((type) => webhook.events.includes(type))),
  )
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const [noEvents, setNoEvents] = useState(false)
  const problem = formProblemOf(error)
  const eventsError =
    (noEvents && events.size === 0 ? 'Choose at least one event.' : undefined) ??
    eventsFieldError(problem.fields)

  async function submit(formEvent: FormEvent) {
    formEvent.preventDefault()
    if (events.size === 0) return setNoEvents(true)
    const body = changesOf(webhook, url, description, events)
    // Nothing changed: nothing to send (the API refuses an empty change anyway).
    if (Object.keys(body).length === 0) return onClose()
    setBusy(true)
    setError(undefined)
    try {
      await api.updateWebhook({
        organizationId: organization.id,
        webhookId: webhook.id,
        body: body as WebhookUpdateRequest,
      })
      onSaved()
      onClose()
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog title="Edit webhook" description={`The webhook to ${webhook.url}.`} onClose={onClose} busy={busy}>
      <form className="form" onSubmit={submit} noValidate>
        {problem.general ? <Alert>{problem.general}</Alert> : null}
        <WebhookUrlField value={url} onChange={setUrl} error={problem.fields.url} />
        <Field label="Description" optional hint="What it is for." error={problem.fields.description}>
          <input maxLength={255} value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <WebhookEventsPicker
          events={events}
          onChange={setEvents}
          error={eventsError}
          errorId="edit-webhook-events-error"
        />
        <FormActions busy={busy} onCancel={onClose} label="Save changes" busyLabel="Saving…" />
      </form>
    </Dialog>
  )
}

import { useId, useState } from 'react'
import type { Webhook, WebhookDelivery, Wire } from '../../../contract/index.ts'
import { webhookEventTypes } from '../../../contract/values.ts'
import { api } from '../../api/client.ts'
import { Alert } from '../../components/Alert.tsx'
import { Icon } from '../../components/Icon.tsx'
import { LoadError } from '../../components/LoadError.tsx'
import { Loading } from '../../components/Loading.tsx'
import { RelativeTime } from '../../components/RelativeTime.tsx'
import { useOrganization } from '../../lib/organization.tsx'
import { problemMessageOf } from '../../lib/problems.ts'
import { useResource } from '../../lib/useResource.ts'
import { DeliveriesTable } from './DeliveriesTable.tsx'
import { EditWebhookDialog } from './EditWebhookDialog.tsx'
import { RotateWebhookSecretDialog } from './RotateWebhookSecretDialog.tsx'

/** How many of a webhook's deliveries the page shows: the latest, enough to see a pattern. */
const RECENT_DELIVERIES = '10'

/** What a test or a resend came to, in a sentence for the person who clicked. */
function outcomeOf(delivery: Wire<WebhookDelivery>, what: string): { ok: boolean; text: string } {
  if (delivery.status === 'delivered')
    return {
      ok: true,
      text: `${what} was delivered: HTTP ${delivery.last_status_code} in ${delivery.last_duration_ms} ms.`,
    }
  const answer = delivery.last_status_code !== null ? `HTTP ${delivery.last_status_code}` : 'no answer'
  const retried = delivery.status === 'pending' ? ' Gatehouse will retry it.' : ''
  return {
    ok: false,
    text: `${what} was not delivered (${answer}${delivery.last_error ? `: ${delivery.last_error}` : ''}).${retried}`,
  }
}

/** One webhook: where it sends and what, its state, a test button, and its recent deliveries. */
export function WebhookCard({
  webhook,
  onDelete,
  onChanged,
}: {
  webhook: Wire<Webhook>
  onDelete: (webhook: Wire<Webhook>) => void
  onChanged: () => void
}) {
  const { organization } = useOrganization()
  const headingId = useId()
  const deliveries = useResource(
    () =>
      api.listWebhookDeliveries({
        organizationId: organization.id,
        webhookId: webhook.id,
        query: { limit: RECENT_DELIVERIES },
      }),
    `deliveries:${webhook.id}`,
  )
  const [testing, setTesting] = useState(false)
  const [resending, setResending] = useState<string>()
  const [enabling, setEnabling] = useState(false)
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>()
  const [dialog, setDialog] = useState<'edit' | 'rotate'>()

  async function act(work: () => Promise<{ ok: boolean; text: string } | undefined>) {
    setOutcome(undefined)
    try {
      setOutcome(await work())
    } catch (caught) {
      setOutcome({ ok: false, text: problemMessageOf(caught) })
    }
    deliveries.reload()
  }

  const sendTest = () =>
    act(async () => {
      setTesting(true)
      try {
        const delivery = await api.testWebhook({ organizationId: organization.id, webhookId: webhook.id })
        return outcomeOf(delivery, 'The test event')
      } finally {
        setTesting(false)
      }
    })

  const resend = (delivery: Wire<WebhookDelivery>) =>
    act(async () => {
      setResending(delivery.id)
      try {
        const again = await api.resendWebhookDelivery({
          organizationId: organization.id,
          webhookId: webhook.id,
          deliveryId: delivery.id,
        })
        return outcomeOf(again, `The resent ${again.event_type} event`)
      } finally {
        setResending(undefined)
      }
    })

  const enable = () =>
    act(async () => {
      setEnabling(true)
      try {
        await api.updateWebhook({
          organizationId: organization.id,
          webhookId: webhook.id,
          body: { enabled: true },
        })
        onChanged()
        return undefined
      } finally {
        setEnabling(false)
      }
    })

  const allEvents = webhook.events.length === webhookEventTypes.length
  return (
    <section className="webhook-card" aria-labelledby={headingId}>
      <div className="webhook-head">
        <div className="webhook-summary">
          <h2 id={headingId} className="webhook-url">
            {webhook.url}
          </h2>
          {webhook.description ? <p className="muted">{webhook.description}</p> : null}
          <p className="webhook-events">
            <span className="muted">Events: </span>
            {allEvents
              ? 'all'
              : webhook.events.map((event, i) => (
                  <span key={event}>
                    {i > 0 ? ', ' : null}
                    <code>{event}</code>
                  </span>
                ))}
          </p>
          <p className="small">
            {!webhook.enabled ? (
              <span className="badge badge-delivery badge-failed">disabled</span>
            ) : webhook.failing_since ? (
              <span className="badge badge-delivery badge-retrying">failing</span>
            ) : (
              <span className="badge badge-delivery badge-delivered">enabled</span>
            )}{' '}
            {!webhook.enabled ? (
              <span className="muted">{webhook.disabled_reason}</span>
            ) : webhook.failing_since ? (
              <span className="muted">
                every delivery has failed since <RelativeTime iso={webhook.failing_since} />
              </span>
            ) : null}
          </p>
        </div>
        <div className="webhook-actions">
          {!webhook.enabled ? (
            <button
              type="button"
              className="button"
              aria-disabled={enabling}
              onClick={() => !enabling && enable()}
            >
              {enabling ? 'Enabling…' : 'Enable'}
              <span className="visually-hidden"> {webhook.url}</span>
            </button>
          ) : null}
          <button
            type="button"
            className="button"
            aria-disabled={testing}
            onClick={() => !testing && sendTest()}
          >
            <Icon name="send" />
            {testing ? 'Sending…' : 'Send test'}
            <span className="visually-hidden"> to {webhook.url}</span>
          </button>
          <button type="button" className="button" onClick={() => setDialog('edit')}>
            Edit<span className="visually-hidden"> webhook {webhook.url}</span>
          </button>
          <button type="button" className="button" onClick={() => setDialog('rotate')}>
            Rotate secret<span className="visually-hidden"> of {webhook.url}</span>
          </button>
          <button
            type="button"
            className="icon-button icon-button-danger"
            aria-label={`Delete webhook ${webhook.url}`}
            title="Delete webhook"
            onClick={() => onDelete(webhook)}
          >
            <Icon name="trash" />
          </button>
        </div>
      </div>
      {outcome ? <Alert tone={outcome.ok ? 'success' : 'error'}>{outcome.text}</Alert> : null}
      <div className="webhook-deliveries-head">
        <h3 className="section-title">Recent deliveries</h3>
        <button type="button" className="button button-small" onClick={deliveries.reload}>
          Refresh<span className="visually-hidden"> deliveries to {webhook.url}</span>
        </button>
      </div>
      {deliveries.error ? (
        <LoadError error={deliveries.error} onRetry={deliveries.reload} />
      ) : !deliveries.data ? (
        <Loading label="Loading deliveries…" rows={2} />
      ) : (
        <DeliveriesTable
          url={webhook.url}
          deliveries={deliveries.data.results}
          resending={resending}
          onResend={resend}
        />
      )}
      {dialog === 'edit' ? (
        <EditWebhookDialog webhook={webhook} onSaved={onChanged} onClose={() => setDialog(undefined)} />
      ) : dialog === 'rotate' ? (
        <RotateWebhookSecretDialog
          webhook={webhook}
          onRotated={onChanged}
          onClose={() => setDialog(undefined)}
        />
      ) : null}
    </section>
  )
}

import type { WebhookDelivery, Wire } from '../../../contract/index.ts'
import { deliveryStatusWords } from '../../../contract/values.ts'
import { RelativeTime } from '../../components/RelativeTime.tsx'

/** A webhook's recent deliveries: what was sent, how it went, and a way to send it again. */
export function DeliveriesTable({
  url,
  deliveries,
  resending,
  onResend,
}: {
  url: string
  deliveries: Wire<WebhookDelivery>[]
  /** The delivery being sent again, if any (its button waits). */
  resending: string | undefined
  onResend: (delivery: Wire<WebhookDelivery>) => void
}) {
  if (deliveries.length === 0)
    return <p className="empty-line">Nothing sent yet: events show here as they are delivered.</p>
  return (
    <div className="table-card">
      <table className="table responsive-table" aria-label={`Deliveries to ${url}`}>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Response</th>
            <th scope="col">Time</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((delivery) => {
            const status = deliveryStatusWords(delivery)
            const at = delivery.last_attempt_at ?? delivery.created_at
            return (
              <tr key={delivery.id} data-delivery-id={delivery.id}>
                <td data-label="Event">
                  <code>{delivery.event_type}</code>
                </td>
                <td data-label="Status">
                  <span className={`badge badge-delivery badge-${status}`}>{status}</span>
                  {delivery.last_error && status !== 'delivered' ? (
                    <div className="muted small">{delivery.last_error}</div>
                  ) : null}
                </td>
                <td data-label="Attempts">{delivery.attempts}</td>
                <td data-label="Response">
                  {delivery.last_status_code !== null ? `HTTP ${delivery.last_status_code}` : '—'}
                  {delivery.last_duration_ms !== null ? (
                    <span className="muted small"> · {delivery.last_duration_ms} ms</span>
                  ) : null}
                </td>
                <td data-label="Time" className="muted">
                  <RelativeTime iso={at} />
                </td>
                <td className="cell-actions">
                  <button
                    type="button"
                    className="button button-small"
                    aria-disabled={resending === delivery.id}
                    onClick={() => resending === undefined && onResend(delivery)}
                  >
                    {resending === delivery.id ? 'Resending…' : 'Resend'}
                    <span className="visually-hidden"> {delivery.event_type}</span>
                  </button>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

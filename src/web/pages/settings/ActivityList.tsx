import type { AuditAction, AuditEvent, Wire } from '../../../contract/index.ts'
import { auditActions } from '../../../contract/values.ts'
import { Avatar } from '../../components/Avatar.tsx'
import { RelativeTime } from '../../components/RelativeTime.tsx'

/** The catalogue's phrase; an action newer than this console reads as its code. */
function phraseOf(action: string): string {
  return Object.hasOwn(auditActions, action) ? auditActions[action as AuditAction] : action
}

export function ActivityList({ events }: { events: Wire<AuditEvent>[] }) {
  return (
    <ol className="activity-list" aria-label="Activity">
      {events.map((event) => {
        const actor = event.actor.name || (event.actor.type === 'api_token' ? 'An API token' : 'Someone')
        return (
          <li key={event.id} className="activity-item">
            <Avatar name={actor} />
            <div className="activity-text">
              <p>
                <strong>{actor}</strong>
                {event.actor.type === 'api_token' ? <span className="badge badge-token">token</span> : null}
                {event.actor.type === 'system' ? <span className="badge badge-token">automatic</span> : null}
                {event.actor.type === 'oidc' ? <span className="badge badge-token">CI job</span> : null}{' '}
                {phraseOf(event.action)}{' '}
                {event.target.name && event.target.id !== event.actor.id ? (
                  <strong>{event.target.name}</strong>
                ) : null}
              </p>
              <p className="muted small">
                <RelativeTime iso={event.created_at} /> · via {event.origin}
                {event.ip ? ` · ${event.ip}` : ''}
                <span className="activity-code"> · {event.action}</span>
              </p>
            </div>
          </li>
        )
      })}
    </ol>
  )
}

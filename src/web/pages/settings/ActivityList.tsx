import type { AuditEvent } from '../../api/types.ts'
import { Avatar } from '../../components/Avatar.tsx'
import { RelativeTime } from '../../components/RelativeTime.tsx'

const phrases: Record<string, string> = {
  'organization.created': 'created the organization',
  'organization.updated': 'updated the organization',
  'organization.deleted': 'deleted the organization',
  'organization.ownership_transferred': 'transferred ownership to',
  'api_token.created': 'created the API token',
  'api_token.deleted': 'deleted the API token',
  'member.invited': 'invited',
  'member.joined': 'joined the organization',
  'member.role_changed': 'changed the role of',
  'member.removed': 'removed',
  'invitation.withdrawn': 'withdrew the invitation for',
  'project.created': 'created the project',
  'project.updated': 'updated the project',
  'project.deleted': 'deleted the project',
  'environment.created': 'created the environment',
  'environment.updated': 'updated the environment',
  'environment.deleted': 'deleted the environment',
}

export function ActivityList({ events }: { events: AuditEvent[] }) {
  return (
    <ol className="activity-list" aria-label="Activity">
      {events.map((event) => {
        const actor = event.actor.name ?? (event.actor.type === 'api_token' ? 'An API token' : 'Someone')
        return (
          <li key={event.id} className="activity-item">
            <Avatar name={actor} />
            <div className="activity-text">
              <p>
                <strong>{actor}</strong>
                {event.actor.type === 'api_token' ? <span className="badge badge-token">token</span> : null}{' '}
                {phrases[event.action] ?? event.action}{' '}
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

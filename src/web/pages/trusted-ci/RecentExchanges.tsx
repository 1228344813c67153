import type { AuditEvent, Wire } from '../../../contract/index.ts'
import { RelativeTime } from '../../components/RelativeTime.tsx'

/** The server's refusal reasons, in words for the admin (the caller was told less). */
const refusalWords: Record<string, string> = {
  issuer_not_allowed: 'issuer not accepted by this server',
  no_trust: 'no trust for this issuer',
  issuer_unavailable: "the issuer's keys could not be fetched",
  unknown_key: 'signed with an unknown key',
  bad_signature: 'bad signature',
  algorithm_not_allowed: 'signature algorithm not allowed',
  expired: 'ID token expired',
  not_yet_valid: 'ID token not yet valid',
  missing_claims: 'ID token lacks exp, iat or jti',
  wrong_audience: 'wrong audience',
  conditions_not_met: 'no trust’s conditions met',
  replayed: 'ID token already used',
}

/** Token exchanges, issued and refused, newest first (the oidc.* part of the audit trail). */
export function RecentExchanges({ events }: { events: Wire<AuditEvent>[] }) {
  if (events.length === 0)
    return <p className="empty-line">No exchange yet: a job that signs in with its ID token shows here.</p>
  return (
    <ol className="activity-list" aria-label="Recent exchanges">
      {events.map((event) => {
        const details = event.details as Record<string, unknown>
        const issued = event.action === 'oidc.token_issued'
        const job = String(details.repository ?? details.project_path ?? details.sub ?? 'an unverified job')
        const reason = String(details.reason ?? '')
        return (
          <li key={event.id} className="activity-item">
            <div className="activity-text">
              <p>
                <span className={`badge ${issued ? 'badge-issued' : 'badge-refused'}`}>
                  {issued ? 'issued' : 'refused'}
                </span>{' '}
                <strong>{job}</strong>
                {details.ref ? <> on {String(details.ref)}</> : null}
                {issued ? (
                  <>
                    {' '}
                    got a {String(details.role_name ?? '')} token from the trust {String(details.trust ?? '')}
                  </>
                ) : (
                  <> was refused: {refusalWords[reason] ?? reason}</>
                )}
              </p>
              <p className="muted small">
                <RelativeTime iso={event.created_at} />
                {details.run_id ? ` · run ${String(details.run_id)}` : ''}
                {details.pipeline_id ? ` · pipeline ${String(details.pipeline_id)}` : ''}
                {event.ip ? ` · ${event.ip}` : ''}
              </p>
            </div>
          </li>
        )
      })}
    </ol>
  )
}

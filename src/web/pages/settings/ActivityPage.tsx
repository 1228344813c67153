import { useState } from 'react'
import type { AuditEvent, Wire } from '../../../contract/index.ts'
import { auditResources } from '../../../contract/values.ts'
import { api, type RequestError } from '../../api/client.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { Loading } from '../../components/Loading.tsx'
import { NotAllowed } from '../../components/NotAllowed.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useOrganization } from '../../lib/organization.tsx'
import { useResource } from '../../lib/useResource.ts'
import { ActivityList } from './ActivityList.tsx'

/** The console's words for the resources the trail can be filtered by (the list is the API's). */
const resourceLabels: Record<(typeof auditResources)[number], string> = {
  api_token: 'API tokens',
  oidc_trust: 'Trusted CI',
  oidc: 'CI token exchanges',
  member: 'Members',
  invitation: 'Invitations',
  organization: 'Organization',
  project: 'Projects',
  environment: 'Environments',
  deployment: 'Deployments',
  role: 'Roles',
  webhook: 'Webhooks',
}
const kinds = [
  { value: '', label: 'All activity' },
  ...auditResources.map((resource) => ({ value: `${resource}.*`, label: resourceLabels[resource] })),
]
const PAGE_SIZE = '50'

export function ActivityPage() {
  const { organization, can, myRole } = useOrganization()
  const [kind, setKind] = useState('')
  const mayRead = can('audit:read')
  const firstPage = useResource(
    () =>
      mayRead
        ? api.listOrganizationAuditEvents({
            organizationId: organization.id,
            query: { limit: PAGE_SIZE, action: kind },
          })
        : Promise.resolve(undefined),
    `audit:${organization.id}:${kind}:${mayRead}`,
  )
  const [more, setMore] = useState<{ key: string; events: Wire<AuditEvent>[]; cursor: string | null }>()
  const [loadingMore, setLoadingMore] = useState(false)
  const [moreError, setMoreError] = useState<RequestError>()
  const key = `${kind}:${firstPage.data?.next_cursor ?? ''}`
  const extra = more?.key === key ? more : undefined
  const events = [...(firstPage.data?.results ?? []), ...(extra?.events ?? [])]
  const cursor = extra ? extra.cursor : (firstPage.data?.next_cursor ?? null)

  async function loadMore() {
    if (!cursor) return
    setLoadingMore(true)
    setMoreError(undefined)
    try {
      const page = await api.listOrganizationAuditEvents({
        organizationId: organization.id,
        query: { limit: PAGE_SIZE, action: kind, cursor },
      })
      setMore({ key, events: [...(extra?.events ?? []), ...page.results], cursor: page.next_cursor })
    } catch (caught) {
      setMoreError(caught as RequestError)
    } finally {
      setLoadingMore(false)
    }
  }

  return (
    <>
      <PageHeader
        title="Activity"
        description="Who did what in this organization, newest first."
        actions={
          mayRead ? (
            <label className="inline-label">
              <span>Show</span>
              <select value={kind} onChange={(e) => setKind(e.target.value)}>
                {kinds.map((k) => (
                  <option key={k.value} value={k.value}>
                    {k.label}
                  </option>
                ))}
              </select>
            </label>
          ) : null
        }
      />
      {!mayRead ? (
        <NotAllowed role={myRole?.name} what="read the activity log" />
      ) : firstPage.error ? (
        <LoadError error={firstPage.error} onRetry={firstPage.reload} />
      ) : !firstPage.data ? (
        <Loading label="Loading activity…" />
      ) : events.length === 0 ? (
        <p className="empty-line">No activity of this kind yet.</p>
      ) : (
        <>
          <ActivityList events={events} />
          {moreError ? <LoadError error={moreError} onRetry={loadMore} /> : null}
          {cursor ? (
            <div className="load-more">
              <button type="button" className="button" onClick={loadMore} disabled={loadingMore}>
                {loadingMore ? 'Loading…' : 'Load older activity'}
              </button>
            </div>
          ) : null}
        </>
      )}
    </>
  )
}

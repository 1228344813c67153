import { useState } from 'react'
import { type ApiError, api } from '../../api/client.ts'
import type { AuditEvent } from '../../api/types.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { Loading } from '../../components/Loading.tsx'
import { NotAllowed } from '../../components/NotAllowed.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useOrganization } from '../../lib/organization.tsx'
import { useResource } from '../../lib/useResource.ts'
import { ActivityList } from './ActivityList.tsx'

const kinds = [
  { value: '', label: 'All activity' },
  { value: 'api_token.*', label: 'API tokens' },
  { value: 'member.*', label: 'Members' },
  { value: 'invitation.*', label: 'Invitations' },
  { value: 'organization.*', label: 'Organization' },
  { value: 'project.*', label: 'Projects' },
  { value: 'environment.*', label: 'Environments' },
]
const PAGE_SIZE = 50

export function ActivityPage() {
  const { organization, can, myRole } = useOrganization()
  const [kind, setKind] = useState('')
  const mayRead = can('audit:read')
  const firstPage = useResource(
    () =>
      mayRead
        ? api.auditEvents(organization.id, { limit: PAGE_SIZE, action: kind })
        : Promise.resolve(undefined),
    `audit:${organization.id}:${kind}:${mayRead}`,
  )
  const [more, setMore] = useState<{ key: string; events: AuditEvent[]; cursor: string | null }>()
  const [loadingMore, setLoadingMore] = useState(false)
  const [moreError, setMoreError] = useState<ApiError>()
  const key = `${kind}:${firstPage.data?.next_cursor ?? ''}`
  const extra = more?.key === key ? more : undefined
  const events = [...(firstPage.data?.results ?? []), ...(extra?.events ?? [])]
  const cursor = extra ? extra.cursor : (firstPage.data?.next_cursor ?? null)

  async function loadMore() {
    if (!cursor) return
    setLoadingMore(true)
    setMoreError(undefined)
    try {
      const page = await api.auditEvents(organization.id, { limit: PAGE_SIZE, action: kind, cursor })
      setMore({ key, events: [...(extra?.events ?? []), ...page.results], cursor: page.next_cursor })
    } catch (caught) {
      setMoreError(caught as ApiError)
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

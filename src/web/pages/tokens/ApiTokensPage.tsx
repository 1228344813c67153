import { useState } from 'react'
import type { OrganizationApiToken, Wire } from '../../../contract/index.ts'
import { api } from '../../api/client.ts'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { Icon } from '../../components/Icon.tsx'
import { LoadError } from '../../components/LoadError.tsx'
import { Loading } from '../../components/Loading.tsx'
import { LoadMore } from '../../components/LoadMore.tsx'
import { NotAllowed } from '../../components/NotAllowed.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useOrganization } from '../../lib/organization.tsx'
import { usePagedList } from '../../lib/usePagedList.ts'
import { useResource } from '../../lib/useResource.ts'
import { AddTokenDialog } from './AddTokenDialog.tsx'
import { EditTokenDialog } from './EditTokenDialog.tsx'
import { LeakedTokensBanner } from './LeakedTokensBanner.tsx'
import { RotateTokenDialog } from './RotateTokenDialog.tsx'
import { TokensEmptyState } from './TokensEmptyState.tsx'
import { TokensTable } from './TokensTable.tsx'

type Token = Wire<OrganizationApiToken>

/** The list's filters, as the API's `status` and `stale` query. */
const filters = [
  { value: '', label: 'All tokens', query: {} },
  { value: 'active', label: 'Active', query: { status: 'active' } },
  { value: 'expiring_soon', label: 'Expiring soon', query: { status: 'expiring_soon' } },
  { value: 'expired', label: 'Expired', query: { status: 'expired' } },
  { value: 'revoked_leaked', label: 'Leaked, revoked', query: { status: 'revoked_leaked' } },
  { value: 'stale', label: 'Unused for 90 days', query: { stale: 'true' } },
] as const
type Filter = (typeof filters)[number]['value']

export function ApiTokensPage() {
  const { organization, can, myRole } = useOrganization()
  const mayManage = can('api_tokens:manage')
  const [filter, setFilter] = useState<Filter>('')
  const filterQuery = filters.find((f) => f.value === filter)?.query ?? {}
  const tokens = usePagedList(
    (query) =>
      mayManage
        ? api.listOrganizationApiTokens({
            organizationId: organization.id,
            query: { ...query, ...filterQuery },
          })
        : Promise.resolve({ results: [] as Token[], next_cursor: null }),
    `tokens:${organization.id}:${mayManage}:${filter}`,
  )
  // Leaked tokens are called out whatever the list shows (its filter, how much of it is loaded).
  const leaked = useResource(
    () =>
      mayManage
        ? api.listOrganizationApiTokens({
            organizationId: organization.id,
            query: { status: 'revoked_leaked', limit: 20 },
          })
        : Promise.resolve(undefined),
    `leaked-tokens:${organization.id}:${mayManage}`,
  )
  const [adding, setAdding] = useState(false)
  const [editing, setEditing] = useState<Token>()
  const [rotating, setRotating] = useState<Token>()
  const [deleting, setDeleting] = useState<Token>()
  const [announcement, setAnnouncement] = useState('')

  function reload() {
    tokens.reload()
    leaked.reload()
  }

  const addButton = mayManage ? (
    <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
      <Icon name="plus" />
      Add new
    </button>
  ) : null
  const filtering = filter !== ''
  const filterSelect = (
    <label className="inline-label">
      <span>Show</span>
      <select value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
        {filters.map((f) => (
          <option key={f.value} value={f.value}>
            {f.label}
          </option>
        ))}
      </select>
    </label>
  )

  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens let scripts, CI jobs and services call the Gatehouse API for this organization, with the role you give them."
        actions={
          tokens.items?.length || filtering ? (
            <>
              {filterSelect}
              {addButton}
            </>
          ) : null
        }
      />
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {mayManage && leaked.data ? (
        <LeakedTokensBanner tokens={leaked.data.results} onRotate={setRotating} />
      ) : null}
      {!mayManage ? (
        <NotAllowed role={myRole?.name} what="manage API tokens" />
      ) : tokens.error ? (
        <LoadError error={tokens.error} onRetry={tokens.reload} />
      ) : !tokens.items ? (
        <Loading label="Loading API tokens…" />
      ) : tokens.items.length === 0 ? (
        filtering ? (
          <p className="empty-line">No token matches this filter.</p>
        ) : (
          <TokensEmptyState organizationId={organization.id} addButton={addButton} />
        )
      ) : (
        <>
          <TokensTable
            tokens={tokens.items}
            onEdit={setEditing}
            onRotate={setRotating}
            onDelete={setDeleting}
          />
          <LoadMore list={tokens} what="tokens" />
        </>
      )}
      {adding ? (
        <AddTokenDialog
          onCreated={(name) => {
            reload()
            setAnnouncement(`Token ${name} created.`)
          }}
          onClose={() => setAdding(false)}
        />
      ) : null}
      {editing ? (
        <EditTokenDialog
          token={editing}
          onSaved={(saved) => {
            reload()
            setAnnouncement(`Token ${saved.name} saved.`)
          }}
          onClose={() => setEditing(undefined)}
        />
      ) : null}
      {rotating ? (
        <RotateTokenDialog
          token={rotating}
          onRotated={(rotated) => {
            reload()
            setAnnouncement(`Token ${rotated.name} rotated.`)
          }}
          onClose={() => setRotating(undefined)}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title="Delete API token"
          confirmLabel="Delete token"
          onConfirm={() =>
            api.deleteOrganizationApiToken({ organizationId: organization.id, apiTokenId: deleting.id })
          }
          onClose={() => setDeleting(undefined)}
          onDone={() => {
            setAnnouncement(`Token ${deleting.name} deleted.`)
            reload()
          }}
        >
          <p>
            Delete <strong>{deleting.name}</strong>? Scripts using it will be refused at once, on every
            server. This cannot be undone.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  )
}

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
import { AddTokenDialog } from './AddTokenDialog.tsx'
import { TokensEmptyState } from './TokensEmptyState.tsx'
import { TokensTable } from './TokensTable.tsx'

export function ApiTokensPage() {
  const { organization, can, myRole } = useOrganization()
  const mayManage = can('api_tokens:manage')
  const tokens = usePagedList(
    (query) =>
      mayManage
        ? api.listOrganizationApiTokens({ organizationId: organization.id, query })
        : Promise.resolve({ results: [] as Wire<OrganizationApiToken>[], next_cursor: null }),
    `tokens:${organization.id}:${mayManage}`,
  )
  const [adding, setAdding] = useState(false)
  const [deleting, setDeleting] = useState<Wire<OrganizationApiToken>>()
  const [announcement, setAnnouncement] = useState('')

  const addButton = mayManage ? (
    <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
      <Icon name="plus" />
      Add new
    </button>
  ) : null

  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens let scripts, CI jobs and services call the Gatehouse API for this organization, with the role you give them."
        actions={tokens.items?.length ? addButton : null}
      />
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {!mayManage ? (
        <NotAllowed role={myRole?.name} what="manage API tokens" />
      ) : tokens.error ? (
        <LoadError error={tokens.error} onRetry={tokens.reload} />
      ) : !tokens.items ? (
        <Loading label="Loading API tokens…" />
      ) : tokens.items.length === 0 ? (
        <TokensEmptyState organizationId={organization.id} addButton={addButton} />
      ) : (
        <>
          <TokensTable tokens={tokens.items} onDelete={setDeleting} />
          <LoadMore list={tokens} what="tokens" />
        </>
      )}
      {adding ? (
        <AddTokenDialog
          onCreated={(name) => {
            tokens.reload()
            setAnnouncement(`Token ${name} created.`)
          }}
          onClose={() => setAdding(false)}
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
            tokens.reload()
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

import { useState } from 'react'
import type { Webhook, Wire } from '../../../contract/index.ts'
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
import { AddWebhookDialog } from './AddWebhookDialog.tsx'
import { WebhookCard } from './WebhookCard.tsx'

/**
 * Settings > Webhooks: where the organization's lifecycle events are sent, each webhook's recent
 * deliveries, and the actions on them. The API lets only webhooks:manage read any of it, so the
 * other roles get the page's explanation instead of empty lists.
 */
export function WebhooksPage() {
  const { organization, can, myRole } = useOrganization()
  const mayManage = can('webhooks:manage')
  const webhooks = usePagedList(
    (query) =>
      mayManage
        ? api.listWebhooks({ organizationId: organization.id, query })
        : Promise.resolve({ results: [] as Wire<Webhook>[], next_cursor: null }),
    `webhooks:${organization.id}:${mayManage}`,
  )
  const [adding, setAdding] = useState(false)
  const [deleting, setDeleting] = useState<Wire<Webhook>>()
  const [announcement, setAnnouncement] = useState('')

  const addButton = mayManage ? (
    <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
      <Icon name="plus" />
      Add webhook
    </button>
  ) : null

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Gatehouse POSTs a signed event to your HTTPS endpoint when API tokens, members or ownership change, and retries for 24 hours."
        actions={webhooks.items?.length ? addButton : null}
      />
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {!mayManage ? (
        <NotAllowed role={myRole?.name} what="manage webhooks" />
      ) : webhooks.error ? (
        <LoadError error={webhooks.error} onRetry={webhooks.reload} />
      ) : !webhooks.items ? (
        <Loading label="Loading webhooks…" />
      ) : webhooks.items.length === 0 ? (
        <div className="empty-state">
          <span className="empty-icon">
            <Icon name="send" size={22} />
          </span>
          <h2>No webhooks yet</h2>
          <p>
            Tell your chat, SIEM or automation the moment a token is created, rotated or leaked, or a member
            joins or leaves. Each event is signed (Standard Webhooks) with a secret only your receiver knows.
          </p>
          {addButton}
        </div>
      ) : (
        <div className="webhook-list">
          {webhooks.items.map((webhook) => (
            <WebhookCard
              key={webhook.id}
              webhook={webhook}
              onDelete={setDeleting}
              onChanged={webhooks.reload}
            />
          ))}
          <LoadMore list={webhooks} what="webhooks" />
        </div>
      )}
      {adding ? (
        <AddWebhookDialog
          onClose={() => setAdding(false)}
          onCreated={(url) => {
            setAnnouncement(`Webhook to ${url} added.`)
            webhooks.reload()
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title="Delete webhook"
          confirmLabel="Delete webhook"
          onConfirm={() => api.deleteWebhook({ organizationId: organization.id, webhookId: deleting.id })}
          onClose={() => setDeleting(undefined)}
          onDone={() => {
            setAnnouncement(`Webhook to ${deleting.url} deleted.`)
            webhooks.reload()
          }}
        >
          <p>
            Delete the webhook to <strong className="webhook-url-inline">{deleting.url}</strong>? Nothing more
            is sent to it, retries included, and its delivery history goes with it.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  )
}

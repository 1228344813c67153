import { useState } from 'react'
import type { OidcTrust, Wire } from '../../../contract/index.ts'
import { describeConditions } from '../../../contract/values.ts'
import { api } from '../../api/client.ts'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { CopyButton } from '../../components/CopyButton.tsx'
import { Icon } from '../../components/Icon.tsx'
import { LoadError } from '../../components/LoadError.tsx'
import { Loading } from '../../components/Loading.tsx'
import { LoadMore } from '../../components/LoadMore.tsx'
import { NotAllowed } from '../../components/NotAllowed.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { RoleBadge } from '../../components/RoleBadge.tsx'
import { useOrganization } from '../../lib/organization.tsx'
import { usePagedList } from '../../lib/usePagedList.ts'
import { useResource } from '../../lib/useResource.ts'
import { AddTrustDialog } from './AddTrustDialog.tsx'
import { issuerLabel } from './presets.ts'
import { RecentExchanges } from './RecentExchanges.tsx'

/** Settings > Trusted CI: the organization's trusts, and the exchanges CI jobs made with them. */
export function TrustedCiPage() {
  const { organization, can, myRole } = useOrganization()
  const mayManage = can('oidc_trusts:manage')
  const trusts = usePagedList(
    (query) =>
      mayManage
        ? api.listOidcTrusts({ organizationId: organization.id, query })
        : Promise.resolve({ results: [] as Wire<OidcTrust>[], next_cursor: null }),
    `trusts:${organization.id}:${mayManage}`,
  )
  const mayReadTrail = can('audit:read')
  const exchanges = useResource(
    () =>
      mayManage && mayReadTrail
        ? api.listOrganizationAuditEvents({
            organizationId: organization.id,
            query: { limit: '20', action: 'oidc.*' },
          })
        : Promise.resolve(undefined),
    `exchanges:${organization.id}:${mayManage}`,
  )
  const [adding, setAdding] = useState(false)
  const [deleting, setDeleting] = useState<Wire<OidcTrust>>()
  const [announcement, setAnnouncement] = useState('')
  const command = `gatehouse login --oidc --org ${organization.id}`

  const addButton = mayManage ? (
    <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
      <Icon name="plus" />
      Add trust
    </button>
  ) : null

  return (
    <>
      <PageHeader
        title="Trusted CI"
        description="GitHub Actions and GitLab CI jobs exchange their OIDC ID token for a short-lived API token: no secret stored in CI."
        actions={trusts.items?.length ? addButton : null}
      />
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {!mayManage ? (
        <NotAllowed role={myRole?.name} what="manage trusted CI" />
      ) : trusts.error ? (
        <LoadError error={trusts.error} onRetry={trusts.reload} />
      ) : !trusts.items ? (
        <Loading label="Loading trusts…" />
      ) : (
        <>
          {trusts.items.length === 0 ? (
            <div className="empty-state">
              <span className="empty-icon">
                <Icon name="branch" size={22} />
              </span>
              <h2>No trusted CI yet</h2>
              <p>
                Say which jobs you trust (a repository, a branch, an environment) and the role their tokens
                get. A job then signs in with its own ID token, and nothing secret is kept in your CI
                settings.
              </p>
              {addButton}
            </div>
          ) : (
            <>
              <TrustsTable trusts={trusts.items} onDelete={setDeleting} />
              <LoadMore list={trusts} what="trusts" />
            </>
          )}
          <section className="section" aria-labelledby="ci-setup">
            <h2 id="ci-setup" className="section-title">
              In the CI job
            </h2>
            <p className="muted">
              GitHub Actions needs <code>permissions: id-token: write</code>; GitLab CI an{' '}
              <code>id_tokens:</code> entry, read with <code>--id-token-env</code>. The organization id is not
              a secret.
            </p>
            <div className="code-line">
              <pre>{command}</pre>
              <CopyButton value={command} label="Copy command" />
            </div>
          </section>
          {mayReadTrail ? (
            <section className="section" aria-labelledby="recent-exchanges">
              <h2 id="recent-exchanges" className="section-title">
                Recent exchanges
              </h2>
              {exchanges.error ? (
                <LoadError error={exchanges.error} onRetry={exchanges.reload} />
              ) : !exchanges.data ? (
                <Loading label="Loading exchanges…" rows={2} />
              ) : (
                <RecentExchanges events={exchanges.data.results} />
              )}
            </section>
          ) : null}
        </>
      )}
      {adding ? (
        <AddTrustDialog
          onClose={() => setAdding(false)}
          onCreated={(name) => {
            setAnnouncement(`Trust ${name} created.`)
            trusts.reload()
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title="Delete trust"
          confirmLabel="Delete trust"
          onConfirm={() => api.deleteOidcTrust({ organizationId: organization.id, oidcTrustId: deleting.id })}
          onClose={() => setDeleting(undefined)}
          onDone={() => {
            setAnnouncement(`Trust ${deleting.name} deleted.`)
            trusts.reload()
          }}
        >
          <p>
            Delete the trust <strong>{deleting.name}</strong>? Its jobs get no more tokens, and the tokens
            they have stop working at once.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  )
}

function TrustsTable({
  trusts,
  onDelete,
}: {
  trusts: Wire<OidcTrust>[]
  onDelete: (trust: Wire<OidcTrust>) => void
}) {
  return (
    <div className="table-card">
      <table className="table responsive-table" aria-label="Trusts">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Accepts</th>
            <th scope="col">Role</th>
            <th scope="col">Token lifetime</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {trusts.map((trust) => (
            <tr key={trust.id}>
              <td data-label="Name">
                <div className="strong">{trust.name}</div>
                <div className="muted small">{issuerLabel(trust.issuer)}</div>
              </td>
              <td data-label="Accepts">{describeConditions(trust.conditions)}</td>
              <td data-label="Role">
                <RoleBadge name={trust.role_name} />
              </td>
              <td data-label="Token lifetime" className="muted">
                {Math.round(trust.token_lifetime_seconds / 60)} min
              </td>
              <td className="cell-actions">
                <button
                  type="button"
                  className="icon-button icon-button-danger"
                  aria-label={`Delete trust ${trust.name}`}
                  title="Delete trust"
                  onClick={() => onDelete(trust)}
                >
                  <Icon name="trash" />
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

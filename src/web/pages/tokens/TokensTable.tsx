import { useId, useState } from 'react'
import type { OrganizationApiToken, Wire } from '../../../contract/index.ts'
import { Icon } from '../../components/Icon.tsx'
import { RelativeTime } from '../../components/RelativeTime.tsx'
import { RoleBadge } from '../../components/RoleBadge.tsx'
import { statusLabels, type TokenStatus } from '../../lib/tokenLife.ts'

type Token = Wire<OrganizationApiToken>

export function TokensTable({
  tokens,
  onEdit,
  onRotate,
  onDelete,
}: {
  tokens: Token[]
  onEdit: (token: Token) => void
  onRotate: (token: Token) => void
  onDelete: (token: Token) => void
}) {
  return (
    <div className="table-card">
      <table className="table responsive-table tokens-table" aria-label="API tokens">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
            <th scope="col">Created</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id} data-token-id={token.id}>
              <td data-label="Name">
                <div className="cell-title">
                  <span className="token-icon" aria-hidden="true">
                    <Icon name="key" size={14} />
                  </span>
                  <div>
                    <div className="strong">
                      {token.name}
                      {token.origin === 'oidc' ? (
                        <span className="badge badge-ci" title="Issued to a CI job by a trust (Trusted CI)">
                          CI job
                        </span>
                      ) : null}
                    </div>
                    {token.description ? <div className="muted small">{token.description}</div> : null}
                    {token.allowed_cidrs.length > 0 ? (
                      <div className="muted small">
                        From <span className="mono">{token.allowed_cidrs.join(', ')}</span> only
                      </div>
                    ) : null}
                  </div>
                </div>
              </td>
              <td data-label="Role">
                <RoleBadge name={token.role_name} />
              </td>
              <td data-label="Status">
                <StatusBadge status={token.status} />
                {token.grace_period_ends_at ? (
                  <div className="muted small">
                    Old value ends <RelativeTime iso={token.grace_period_ends_at} />
                  </div>
                ) : null}
              </td>
              <td data-label="Expires" className="muted">
                {token.expires_at ? <RelativeTime iso={token.expires_at} /> : 'Never'}
              </td>
              <td data-label="Last used">
                <LastUsed token={token} />
              </td>
              <td data-label="Created" className="muted">
                <RelativeTime iso={token.created_at} />
                <div className="small">by {token.creator_name}</div>
              </td>
              <td className="cell-actions">
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Edit token ${token.name}`}
                  title="Edit token"
                  onClick={() => onEdit(token)}
                >
                  <Icon name="edit" />
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Rotate token ${token.name}`}
                  title="Rotate token"
                  onClick={() => onRotate(token)}
                >
                  <Icon name="rotate" />
                </button>
                <button
                  type="button"
                  className="icon-button icon-button-danger"
                  aria-label={`Delete token ${token.name}`}
                  title="Delete token"
                  onClick={() => onDelete(token)}
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

export function StatusBadge({ status }: { status: TokenStatus }) {
  return <span className={`badge badge-status badge-status-${status}`}>{statusLabels[status]}</span>
}

/**
 * When it was last used and, behind a disclosure button (hover shows them too), the recent client
 * addresses with when each was last seen: a token used from somewhere unexpected stands out.
 */
function LastUsed({ token }: { token: Token }) {
  const [open, setOpen] = useState(false)
  const listId = useId()
  const uses = token.last_used_from
  const stale = token.stale ? (
    <span className="badge badge-status badge-stale" title="Not used for 90 days">
      Stale
    </span>
  ) : null
  if (!token.last_used_at) return <span className="muted">Never {stale}</span>
  return (
    <>
      <span className="last-used">
        <span className="muted">
          <RelativeTime iso={token.last_used_at} /> {stale}
        </span>
        {uses.length > 0 ? (
          <button
            type="button"
            className="link-button small"
            aria-expanded={open}
            aria-controls={listId}
            title={uses.map((use) => use.ip).join(', ')}
            onClick={() => setOpen((was) => !was)}
          >
            {uses.length === 1 ? '1 address' : `${uses.length} addresses`}
            <span className="visually-hidden"> that used {token.name}</span>
          </button>
        ) : null}
      </span>
      {uses.length > 0 ? (
        <ul id={listId} className="address-list" hidden={!open}>
          {uses.map((use) => (
            <li key={use.ip}>
              <span className="mono">{use.ip}</span> <RelativeTime iso={use.last_used_at} />
            </li>
          ))}
        </ul>
      ) : null}
    </>
  )
}

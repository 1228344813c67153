import type { OrganizationApiToken, Wire } from '../../../contract/index.ts'
import { Icon } from '../../components/Icon.tsx'
import { RelativeTime } from '../../components/RelativeTime.tsx'
import { RoleBadge } from '../../components/RoleBadge.tsx'

export function TokensTable({
  tokens,
  onDelete,
}: {
  tokens: Wire<OrganizationApiToken>[]
  onDelete: (token: Wire<OrganizationApiToken>) => void
}) {
  return (
    <div className="table-card">
      <table className="table responsive-table" aria-label="API tokens">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Created by</th>
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
                  </div>
                </div>
              </td>
              <td data-label="Role">
                <RoleBadge name={token.role_name} />
              </td>
              <td data-label="Created by">{token.creator_name}</td>
              <td data-label="Created" className="muted">
                <RelativeTime iso={token.created_at} />
              </td>
              <td className="cell-actions">
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

import { useState } from 'react'
import { api } from '../../api/client.ts'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { useOrganization } from '../../lib/organization.tsx'
import { navigate } from '../../lib/router.tsx'
import { LAST_ORGANIZATION_KEY } from '../HomeRedirect.tsx'

export function DeleteOrganization() {
  const { organization } = useOrganization()
  const [confirming, setConfirming] = useState(false)
  return (
    <section className="card section danger-zone" aria-labelledby="danger-heading">
      <h2 id="danger-heading" className="section-title">
        Delete organization
      </h2>
      <p className="muted">
        Deletes {organization.name} with its members, projects, environments and API tokens. Every token stops
        working at once.
      </p>
      <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
        Delete organization
      </button>
      {confirming ? (
        <ConfirmDialog
          title="Delete organization"
          confirmLabel={`Delete ${organization.name}`}
          onConfirm={() => api.deleteOrganization({ organizationId: organization.id })}
          onClose={() => setConfirming(false)}
          onDone={() => {
            localStorage.removeItem(LAST_ORGANIZATION_KEY)
            navigate('/')
          }}
        >
          <p>
            Delete <strong>{organization.name}</strong> for everyone? All its members lose access and all its
            API tokens are refused from now on. This cannot be undone.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  )
}

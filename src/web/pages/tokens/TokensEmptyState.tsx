import type { ReactNode } from 'react'
import { routes } from '../../../contract/values.ts'
import { Icon } from '../../components/Icon.tsx'
import { CurlExample } from './CurlExample.tsx'

export function TokensEmptyState({
  organizationId,
  addButton,
}: {
  organizationId: string
  addButton: ReactNode
}) {
  return (
    <div className="empty-state">
      <span className="empty-icon">
        <Icon name="key" size={22} />
      </span>
      <h2>No API tokens yet</h2>
      <p>
        An API token lets a script or a CI job act for this organization without a password. Each token has a
        role, so it can do only what that role allows, and you can delete it at any time.
      </p>
      <CurlExample operation={routes.getOrganization} input={{ organizationId }} />
      {addButton}
    </div>
  )
}

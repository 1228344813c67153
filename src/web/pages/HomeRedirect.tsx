import { useEffect } from 'react'
import { api } from '../api/client.ts'
import { LoadError } from '../components/LoadError.tsx'
import { Loading } from '../components/Loading.tsx'
import { navigate, organizationPage } from '../lib/router.tsx'
import { useResource } from '../lib/useResource.ts'

export const LAST_ORGANIZATION_KEY = 'gatehouse.lastOrganization'

/** "/" opens the organization used last, or leads a new user to create their first one. */
export function HomeRedirect() {
  const organizations = useResource(() => api.listOrganization(), 'organizations')
  useEffect(() => {
    const list = organizations.data?.results
    if (!list) return
    if (list.length === 0) return navigate('/new', { replace: true })
    // Only an organization id is remembered: nothing secret ever goes to storage.
    const last = localStorage.getItem(LAST_ORGANIZATION_KEY)
    const target = list.find((o) => o.id === last) ?? list[0]
    if (target) navigate(organizationPage(target.id), { replace: true })
  }, [organizations.data])
  return (
    <div className="center-page">
      {organizations.error ? (
        <LoadError error={organizations.error} onRetry={organizations.reload} />
      ) : (
        <Loading rows={1} />
      )}
    </div>
  )
}

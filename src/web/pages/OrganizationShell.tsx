import { useEffect, useMemo } from 'react'
import { GatehouseApiError } from '../../client/index.ts'
import { isOwner, roleAllows } from '../../contract/values.ts'
import { api } from '../api/client.ts'
import { AuthLayout } from '../components/AuthLayout.tsx'
import { LoadError } from '../components/LoadError.tsx'
import { Loading } from '../components/Loading.tsx'
import { SideNav } from '../components/SideNav.tsx'
import { TopBar } from '../components/TopBar.tsx'
import { OrganizationContext, type OrganizationScope } from '../lib/organization.tsx'
import { Link, match, navigate, organizationPage } from '../lib/router.tsx'
import { useAccount } from '../lib/session.tsx'
import { useResource } from '../lib/useResource.ts'
import { LAST_ORGANIZATION_KEY } from './HomeRedirect.tsx'
import { MembersPage } from './members/MembersPage.tsx'
import { EnvironmentPage } from './projects/EnvironmentPage.tsx'
import { ProjectPage } from './projects/ProjectPage.tsx'
import { ProjectsPage } from './projects/ProjectsPage.tsx'
import { ActivityPage } from './settings/ActivityPage.tsx'
import { GeneralPage } from './settings/GeneralPage.tsx'
import { RoleEditorPage } from './settings/RoleEditorPage.tsx'
import { RolesPage } from './settings/RolesPage.tsx'
import { ApiTokensPage } from './tokens/ApiTokensPage.tsx'
import { TrustedCiPage } from './trusted-ci/TrustedCiPage.tsx'
import { WebhooksPage } from './webhooks/WebhooksPage.tsx'

/** Everything under /organizations/:id: loads the organization, its roles and the caller's role. */
export function OrganizationShell({ organizationId, subpath }: { organizationId: string; subpath: string }) {
  const account = useAccount()
  const organizations = useResource(() => api.listOrganization(), 'organizations')
  const organization = useResource(
    () => api.getOrganization({ organizationId }),
    `organization:${organizationId}`,
  )
  const roles = useResource(
    () => api.listOrganizationAvailableRoles({ organizationId }),
    `roles:${organizationId}`,
  )
  const members = useResource(
    // Every page: the caller's own membership (their role) may be on any of them.
    () => api.listAll('getOrganizationMembers', { organizationId }, { pageSize: 1000 }),
    `members:${organizationId}`,
  )

  useEffect(() => {
    if (organization.data) localStorage.setItem(LAST_ORGANIZATION_KEY, organization.data.id)
  }, [organization.data])

  const scope = useMemo<OrganizationScope | undefined>(() => {
    if (!organization.data || !roles.data) return undefined
    const me = members.data?.results.find((member) => member.id === account.id)
    // Without the member list (not readable, or not there), the owner is still known from the org.
    const myRole = me
      ? roles.data.results.find((role) => role.id === me.role_id)
      : organization.data.owner === account.id
        ? roles.data.results.find(isOwner)
        : undefined
    return {
      organization: organization.data,
      roles: roles.data.results,
      myRole,
      members: members.data?.results,
      can: (action) => roleAllows(myRole, action),
      reloadOrganization: organization.reload,
      reloadMembers: members.reload,
      reloadRoles: roles.reload,
      reloadOrganizations: organizations.reload,
    }
  }, [
    organization.data,
    roles.data,
    members.data,
    account.id,
    organization.reload,
    members.reload,
    roles.reload,
    organizations.reload,
  ])

  if (isNotYours(organization.error)) {
    return (
      <AuthLayout
        title="Organization not found"
        subtitle="It does not exist, or you are not one of its members."
      >
        <Link className="button button-primary button-block" href="/">
          Go to your organizations
        </Link>
      </AuthLayout>
    )
  }

  const loadError = organization.error ?? roles.error
  const waitingForRole = members.loading && !members.data && !members.error
  return (
    <div className="app">
      <TopBar organizations={organizations.data?.results} current={organization.data} />
      <div className="app-body">
        <SideNav organizationId={organizationId} subpath={subpath} />
        <main className="content" id="main" tabIndex={-1}>
          {loadError ? (
            <LoadError
              error={loadError}
              onRetry={() => {
                organization.reload()
                roles.reload()
              }}
            />
          ) : !scope || waitingForRole ? (
            <Loading />
          ) : (
            <OrganizationContext.Provider value={scope}>
              <OrganizationRoutes organizationId={organizationId} subpath={subpath} />
            </OrganizationContext.Provider>
          )}
        </main>
      </div>
    </div>
  )
}

function OrganizationRoutes({ organizationId, subpath }: { organizationId: string; subpath: string }) {
  useEffect(() => {
    if (subpath === '/' || subpath === '') navigate(organizationPage(organizationId), { replace: true })
  }, [organizationId, subpath])
  const project = match('/projects/:projectId', subpath)
  if (project?.projectId) return <ProjectPage projectId={project.projectId} />
  const environment = match('/projects/:projectId/environments/:environmentId', subpath)
  if (environment?.projectId && environment.environmentId)
    return <EnvironmentPage projectId={environment.projectId} environmentId={environment.environmentId} />
  if (subpath === '/roles/new') return <RoleEditorPage roleId={undefined} />
  const role = match('/roles/:roleId', subpath)
  if (role?.roleId) return <RoleEditorPage roleId={role.roleId} />
  switch (subpath) {
    case '/api-tokens':
      return <ApiTokensPage />
    case '/general':
      return <GeneralPage />
    case '/members':
      return <MembersPage />
    case '/roles':
      return <RolesPage />
    case '/trusted-ci':
      return <TrustedCiPage />
    case '/webhooks':
      return <WebhooksPage />
    case '/activity':
      return <ActivityPage />
    case '/projects':
      return <ProjectsPage />
    default:
      return subpath === '/' ? null : <p>This page does not exist.</p>
  }
}

/** A mangled id, an organization that does not exist, or one the caller is not a member of. */
function isNotYours(error: unknown): boolean {
  return (
    error instanceof GatehouseApiError &&
    (error.reason === 'not_found' ||
      error.reason === 'permission_denied' ||
      error.reason === 'invalid_url' ||
      error.fieldError('organizationId') !== undefined)
  )
}

import { useEffect } from 'react'
import { Loading } from './components/Loading.tsx'
import { match, navigate, useLocation } from './lib/router.tsx'
import { useSession } from './lib/session.tsx'
import { CreateOrganizationPage } from './pages/CreateOrganizationPage.tsx'
import { HomeRedirect } from './pages/HomeRedirect.tsx'
import { InvitationPage } from './pages/InvitationPage.tsx'
import { NotFoundPage } from './pages/NotFoundPage.tsx'
import { OrganizationShell } from './pages/OrganizationShell.tsx'
import { SignInPage } from './pages/SignInPage.tsx'
import { SignUpPage } from './pages/SignUpPage.tsx'

export function App() {
  const location = useLocation()
  const { account } = useSession()
  const path = location.split('?')[0] ?? '/'

  const invitation = match('/invitations/:organizationId/:invitationId', path)
  if (invitation) {
    return (
      <InvitationPage
        organizationId={invitation.organizationId ?? ''}
        invitationId={invitation.invitationId ?? ''}
      />
    )
  }
  if (path === '/signin') return <SignInPage />
  if (path === '/signup') return <SignUpPage />
  if (account === undefined) return <FullPageLoading />
  if (account === null) return <RedirectToSignIn path={location} />

  if (path === '/') return <HomeRedirect />
  if (path === '/new') return <CreateOrganizationPage />
  const scoped = /^\/organizations\/([^/]+)(\/.*)?$/.exec(path)
  if (scoped?.[1])
    return <OrganizationShell organizationId={decodeURIComponent(scoped[1])} subpath={scoped[2] ?? '/'} />
  return <NotFoundPage />
}

function FullPageLoading() {
  return (
    <div className="center-page">
      <Loading label="Loading Gatehouse…" rows={1} />
    </div>
  )
}

function RedirectToSignIn({ path }: { path: string }) {
  useEffect(() => {
    navigate(path === '/' ? '/signin' : `/signin?next=${encodeURIComponent(path)}`, { replace: true })
  }, [path])
  return null
}

import { useState } from 'react'
import { GatehouseApiError } from '../../client/index.ts'
import { api } from '../api/client.ts'
import { Alert } from '../components/Alert.tsx'
import { AuthLayout } from '../components/AuthLayout.tsx'
import { Loading } from '../components/Loading.tsx'
import { RoleBadge } from '../components/RoleBadge.tsx'
import { problemMessageOf } from '../lib/problems.ts'
import { Link, navigate, organizationPage } from '../lib/router.tsx'
import { useSession } from '../lib/session.tsx'
import { useResource } from '../lib/useResource.ts'

/** Where an invitation link lands: sign in or sign up first, then accept. */
export function InvitationPage({
  organizationId,
  invitationId,
}: {
  organizationId: string
  invitationId: string
}) {
  const { account } = useSession()
  const here = `/invitations/${encodeURIComponent(organizationId)}/${encodeURIComponent(invitationId)}`
  if (account === undefined) {
    return (
      <div className="center-page">
        <Loading rows={1} />
      </div>
    )
  }
  if (account === null) {
    return (
      <AuthLayout
        title="You have been invited"
        subtitle="Someone invited you to join their organization on Gatehouse. Sign in, or create an account with the email address the invitation was sent to."
      >
        <div className="stack">
          <Link
            className="button button-primary button-block"
            href={`/signup?next=${encodeURIComponent(here)}`}
            data-autofocus
          >
            Create an account
          </Link>
          <Link className="button button-block" href={`/signin?next=${encodeURIComponent(here)}`}>
            Sign in
          </Link>
        </div>
      </AuthLayout>
    )
  }
  return (
    <AcceptInvitation organizationId={organizationId} invitationId={invitationId} email={account.email} />
  )
}

function AcceptInvitation({
  organizationId,
  invitationId,
  email,
}: {
  organizationId: string
  invitationId: string
  email: string
}) {
  const { signOut } = useSession()
  const invitation = useResource(
    () => api.getMemberInvitation({ organizationId, inviteId: invitationId }),
    `invitation:${invitationId}`,
  )
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()

  async function accept() {
    setBusy(true)
    setError(undefined)
    try {
      await api.postAcceptInviteMember({ organizationId, inviteId: invitationId })
      navigate(organizationPage(organizationId))
    } catch (caught) {
      setError(caught)
      setBusy(false)
    }
  }

  const switchAccount = (
    <button
      type="button"
      className="link-button"
      onClick={async () => {
        await signOut()
        navigate(`/signin?next=${encodeURIComponent(window.location.pathname)}`)
      }}
    >
      Sign in with another account
    </button>
  )

  if (invitation.error) {
    return (
      <AuthLayout title="This invitation cannot be opened" footer={switchAccount}>
        <Alert>
          {invitation.error instanceof GatehouseApiError && invitation.error.reason === 'not_found'
            ? `It does not exist, was withdrawn, was already used, or was sent to another address than ${email}.`
            : invitation.error.message}
        </Alert>
        <Link className="button button-block" href="/">
          Go to the console
        </Link>
      </AuthLayout>
    )
  }
  if (!invitation.data) {
    return (
      <div className="center-page">
        <Loading rows={1} />
      </div>
    )
  }
  const data = invitation.data
  const inviter = data.inviter
  // An invitation that was accepted reads EXPIRED too (Qovery's two statuses): accepted_at tells.
  if (data.invitation_status !== 'PENDING') {
    const why = data.accepted_at
      ? 'This invitation was already used: it can be accepted only once.'
      : `This invitation has expired. Ask ${inviter || 'an admin'} to invite you again.`
    return (
      <AuthLayout title={`Join ${data.organization_name ?? 'the organization'}`} footer={switchAccount}>
        <Alert>{why}</Alert>
        <Link className="button button-block" href="/">
          Go to the console
        </Link>
      </AuthLayout>
    )
  }
  return (
    <AuthLayout
      title={`Join ${data.organization_name ?? 'the organization'}`}
      subtitle={
        <>
          {inviter ? `${inviter} invited you` : 'You were invited'} to join as{' '}
          <RoleBadge name={data.role_name} />. You are signed in as <strong>{email}</strong>.
        </>
      }
      footer={switchAccount}
    >
      {error ? <Alert>{problemMessageOf(error)}</Alert> : null}
      <button
        type="button"
        className="button button-primary button-block"
        onClick={accept}
        disabled={busy}
        data-autofocus
      >
        {busy ? 'Joining…' : 'Accept invitation'}
      </button>
    </AuthLayout>
  )
}

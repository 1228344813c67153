import type { Organization, Wire } from '../../contract/index.ts'
import { Link, navigate } from '../lib/router.tsx'
import { useSession } from '../lib/session.tsx'
import { Avatar } from './Avatar.tsx'
import { Icon } from './Icon.tsx'
import { Logo } from './Logo.tsx'
import { OrganizationSwitcher } from './OrganizationSwitcher.tsx'

export function TopBar({
  organizations,
  current,
}: {
  organizations: Wire<Organization>[] | undefined
  current: Wire<Organization> | undefined
}) {
  const { account, signOut } = useSession()
  return (
    <header className="topbar">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Link href="/" className="topbar-home" aria-label="Gatehouse home">
        <Logo compact />
      </Link>
      <span className="topbar-divider" aria-hidden="true">
        /
      </span>
      <OrganizationSwitcher organizations={organizations} current={current} />
      <div className="topbar-spacer" />
      {account ? (
        <div className="topbar-user">
          <Avatar name={account.name} />
          <span className="topbar-user-name">{account.name}</span>
          <button
            type="button"
            className="button button-ghost button-small"
            onClick={async () => {
              await signOut()
              navigate('/signin')
            }}
          >
            <Icon name="logout" />
            <span>Sign out</span>
          </button>
        </div>
      ) : null}
    </header>
  )
}

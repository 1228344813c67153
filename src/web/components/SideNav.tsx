import { useEffect, useRef } from 'react'
import { Link, organizationPage } from '../lib/router.tsx'
import { Icon, type IconName } from './Icon.tsx'

const sections: { heading: string; items: { page: string; label: string; icon: IconName }[] }[] = [
  { heading: 'Workspace', items: [{ page: 'projects', label: 'Projects', icon: 'layers' }] },
  {
    heading: 'Settings',
    items: [
      { page: 'general', label: 'General', icon: 'settings' },
      { page: 'members', label: 'Members', icon: 'users' },
      { page: 'roles', label: 'Roles', icon: 'shield' },
      { page: 'api-tokens', label: 'API tokens', icon: 'key' },
      { page: 'trusted-ci', label: 'Trusted CI', icon: 'branch' },
      { page: 'webhooks', label: 'Webhooks', icon: 'send' },
      { page: 'activity', label: 'Activity', icon: 'activity' },
    ],
  },
]

export function SideNav({ organizationId, subpath }: { organizationId: string; subpath: string }) {
  const ref = useRef<HTMLElement>(null)
  // On phones the nav is a scrolling row: keep the current page's tab in view.
  // biome-ignore lint/correctness/useExhaustiveDependencies: subpath is the trigger (the active tab moved), not an input
  useEffect(() => {
    const active = ref.current?.querySelector('.active')
    const nav = ref.current
    if (active instanceof HTMLElement && nav && nav.scrollWidth > nav.clientWidth) {
      nav.scrollLeft = active.offsetLeft - nav.clientWidth / 2 + active.offsetWidth / 2
    }
  }, [subpath])
  return (
    <nav className="sidenav" aria-label="Organization" ref={ref}>
      {sections.map((section) => (
        <div key={section.heading} className="sidenav-section">
          <h2 className="sidenav-heading">{section.heading}</h2>
          <ul>
            {section.items.map((item) => {
              const current = subpath === `/${item.page}` || subpath.startsWith(`/${item.page}/`)
              return (
                <li key={item.page}>
                  <Link
                    href={organizationPage(organizationId, item.page)}
                    className={`sidenav-link${current ? ' active' : ''}`}
                    aria-current={current ? 'page' : undefined}
                  >
                    <Icon name={item.icon} />
                    {item.label}
                  </Link>
                </li>
              )
            })}
          </ul>
        </div>
      ))}
    </nav>
  )
}

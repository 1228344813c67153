import { useEffect, useRef } from 'react'
import { Link } from '../lib/router.tsx'
import { Icon, type IconName } from './Icon.tsx'

const sections: { heading: string; items: { path: string; label: string; icon: IconName }[] }[] = [
  { heading: 'Workspace', items: [{ path: '/projects', label: 'Projects', icon: 'layers' }] },
  {
    heading: 'Settings',
    items: [
      { path: '/general', label: 'General', icon: 'settings' },
      { path: '/members', label: 'Members', icon: 'users' },
      { path: '/roles', label: 'Roles', icon: 'shield' },
      { path: '/api-tokens', label: 'API tokens', icon: 'key' },
      { path: '/activity', label: 'Activity', icon: 'activity' },
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
              const current = subpath === item.path || subpath.startsWith(`${item.path}/`)
              return (
                <li key={item.path}>
                  <Link
                    href={`/organizations/${organizationId}${item.path}`}
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

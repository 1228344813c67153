import { useEffect, useId, useRef, useState } from 'react'
import type { Organization, Wire } from '../../contract/index.ts'
import { Link, organizationPage } from '../lib/router.tsx'
import { Icon } from './Icon.tsx'

/** A disclosure listing the caller's organizations, plus "create organization". */
export function OrganizationSwitcher({
  organizations,
  current,
}: {
  organizations: Wire<Organization>[] | undefined
  current: Wire<Organization> | undefined
}) {
  const [open, setOpen] = useState(false)
  const menuId = useId()
  const rootRef = useRef<HTMLDivElement>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    if (!open) return
    rootRef.current?.querySelector<HTMLElement>('[aria-current="true"], a')?.focus()
    function onPointerDown(event: PointerEvent) {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('pointerdown', onPointerDown)
    return () => document.removeEventListener('pointerdown', onPointerDown)
  }, [open])

  function close(returnFocus: boolean) {
    setOpen(false)
    if (returnFocus) buttonRef.current?.focus()
  }

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape anywhere inside closes the menu
    <div
      className="switcher"
      ref={rootRef}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) close(true)
      }}
      onBlur={(event) => {
        if (!rootRef.current?.contains(event.relatedTarget as Node)) setOpen(false)
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="switcher-button"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={`Organization: ${current?.name ?? 'loading'}. Switch organization`}
        onClick={() => setOpen(!open)}
      >
        <span className="switcher-name">{current?.name ?? '…'}</span>
        <Icon name="chevron" />
      </button>
      {open ? (
        <div className="switcher-menu" id={menuId}>
          <p className="switcher-heading">Organizations</p>
          <ul>
            {(organizations ?? []).map((organization) => (
              <li key={organization.id}>
                <Link
                  href={organizationPage(organization.id)}
                  className="switcher-item"
                  aria-current={organization.id === current?.id ? 'true' : undefined}
                  onClick={() => close(false)}
                >
                  <span>{organization.name}</span>
                  {organization.id === current?.id ? <Icon name="check" /> : null}
                </Link>
              </li>
            ))}
          </ul>
          <Link href="/new" className="switcher-item switcher-create" onClick={() => close(false)}>
            <Icon name="plus" />
            <span>Create organization</span>
          </Link>
        </div>
      ) : null}
    </div>
  )
}

import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react'

/** A tiny history-API router: the console has a handful of routes, not worth a dependency. */

const NAVIGATE_EVENT = 'gatehouse:navigate'

function subscribe(callback: () => void) {
  window.addEventListener('popstate', callback)
  window.addEventListener(NAVIGATE_EVENT, callback)
  return () => {
    window.removeEventListener('popstate', callback)
    window.removeEventListener(NAVIGATE_EVENT, callback)
  }
}

const currentLocation = () => window.location.pathname + window.location.search

export function useLocation(): string {
  return useSyncExternalStore(subscribe, currentLocation)
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === currentLocation()) return
  if (options.replace) window.history.replaceState(null, '', to)
  else window.history.pushState(null, '', to)
  window.dispatchEvent(new Event(NAVIGATE_EVENT))
  window.scrollTo(0, 0)
}

/** Matches "/organizations/:orgId/tokens" against a path; returns the named parts or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const patternParts = pattern.split('/').filter(Boolean)
  const pathParts = path.split('?')[0]?.split('/').filter(Boolean) ?? []
  if (patternParts.length !== pathParts.length) return null
  const params: Record<string, string> = {}
  for (const [index, part] of patternParts.entries()) {
    const actual = pathParts[index] as string
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(actual)
    else if (part !== actual) return null
  }
  return params
}

/** A page of the console under an organization (the console's own URLs, not the API's). */
export function organizationPage(organizationId: string, page = 'api-tokens'): string {
  return `/organizations/${organizationId}/${page}`
}

/** Only same-site paths may be a "next" target after signing in (no open redirect). */
export function safeNextPath(candidate: string | null): string {
  return candidate?.startsWith('/') && !candidate.startsWith('//') ? candidate : '/'
}

export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  function handleClick(event: MouseEvent<HTMLAnchorElement>) {
    onClick?.(event)
    if (event.defaultPrevented || event.button !== 0) return
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(href)
  }
  return <a href={href} onClick={handleClick} {...rest} />
}

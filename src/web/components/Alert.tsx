import type { ReactNode } from 'react'
import { Icon } from './Icon.tsx'

/** An error (or notice) in words, announced to screen readers as it appears. */
export function Alert({
  children,
  tone = 'error',
  action,
}: {
  children: ReactNode
  tone?: 'error' | 'info' | 'success'
  action?: ReactNode
}) {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <Icon name={tone === 'success' ? 'check' : tone === 'info' ? 'lock' : 'alert'} />
      <div className="alert-text">{children}</div>
      {action}
    </div>
  )
}

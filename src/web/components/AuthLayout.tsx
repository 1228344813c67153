import { type ReactNode, useEffect, useRef } from 'react'
import { Logo } from './Logo.tsx'

/** The calm centred card of the signed-out pages. */
export function AuthLayout({
  title,
  subtitle,
  children,
  footer,
}: {
  title: string
  subtitle?: ReactNode
  children: ReactNode
  footer?: ReactNode
}) {
  const ref = useRef<HTMLElement>(null)
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus()
  }, [])
  return (
    <div className="auth-page">
      <main className="auth-card" tabIndex={-1} ref={ref}>
        <Logo />
        <h1>{title}</h1>
        {subtitle ? <p className="auth-subtitle">{subtitle}</p> : null}
        {children}
      </main>
      {footer ? <p className="auth-footer">{footer}</p> : null}
    </div>
  )
}

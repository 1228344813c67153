import { type ReactNode, useEffect, useRef, useState } from 'react'
import { Alert } from './Alert.tsx'
import { CopyButton } from './CopyButton.tsx'
import { Dialog } from './Dialog.tsx'

/**
 * The show-once dialog for a secret the server answers once (an API token, a webhook's signing
 * secret): the value, a copy button, and a plain warning. Closing it (Escape or ×) before the
 * value was copied asks once whether it was; asked, a second close closes.
 */
export function RevealOnceDialog({
  title,
  warning,
  value,
  valueLabel,
  copyLabel,
  what,
  children,
  onClose,
}: {
  title: string
  /** Says what the value is for, and that it will not be shown again. */
  warning: ReactNode
  value: string
  /** The value's accessible name, e.g. "API token ci". */
  valueLabel: string
  copyLabel: string
  /** For the question asked on an early close: "Copied your token?" */
  what: string
  /** Shown under the value: how to use it. */
  children?: ReactNode
  onClose: () => void
}) {
  const [copied, setCopied] = useState(false)
  const [asked, setAsked] = useState(false)
  const copyButton = useRef<HTMLButtonElement>(null)
  // Asked, the person is one keypress from copying (the question itself is announced as an alert).
  useEffect(() => {
    if (asked) copyButton.current?.focus()
  }, [asked])

  function requestClose() {
    if (copied || asked) onClose()
    else setAsked(true)
  }

  return (
    <Dialog title={title} onClose={requestClose}>
      <div className="token-reveal">
        <Alert tone="info">{warning}</Alert>
        <div className="token-value-row">
          <input
            className="token-value"
            readOnly
            value={value}
            aria-label={valueLabel}
            spellCheck={false}
            autoComplete="off"
            onFocus={(e) => e.currentTarget.select()}
            onCopy={() => setCopied(true)}
          />
          <CopyButton
            value={value}
            label={copyLabel}
            className="button button-primary"
            autoFocus
            ref={copyButton}
            onCopied={() => setCopied(true)}
          />
        </div>
        {children}
        {asked && !copied ? (
          <div className="reveal-question" role="alert">
            <p className="strong">Copied your {what}? It will not be shown again.</p>
            <p className="muted small">Copy it now, or close to lose it.</p>
          </div>
        ) : null}
        <div className="dialog-actions">
          {asked && !copied ? (
            <button type="button" className="button button-danger" onClick={onClose}>
              Close without copying
            </button>
          ) : (
            <button type="button" className="button" onClick={onClose}>
              I have copied it
            </button>
          )}
        </div>
      </div>
    </Dialog>
  )
}

import { useEffect, useRef, useState } from 'react'
import { routes } from '../../../contract/values.ts'
import { Alert } from '../../components/Alert.tsx'
import { CopyButton } from '../../components/CopyButton.tsx'
import { Dialog } from '../../components/Dialog.tsx'
import { CurlExample } from './CurlExample.tsx'

/**
 * The show-once dialog: the value, a copy button, and a plain warning. Closing it (Escape or ×)
 * before the value was copied asks once whether it was; asked, a second close closes.
 */
export function TokenRevealDialog({
  name,
  token,
  onClose,
}: {
  name: string
  token: string
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
    <Dialog title="Copy your new API token" onClose={requestClose}>
      <div className="token-reveal">
        <Alert tone="info">
          Copy the token for <strong>{name}</strong> now. <strong>It will not be shown again</strong>:
          Gatehouse keeps only a fingerprint of it. If you lose it, delete it and create a new one.
        </Alert>
        <div className="token-value-row">
          <input
            className="token-value"
            readOnly
            value={token}
            aria-label={`API token ${name}`}
            spellCheck={false}
            autoComplete="off"
            onFocus={(e) => e.currentTarget.select()}
            onCopy={() => setCopied(true)}
          />
          <CopyButton
            value={token}
            label="Copy token"
            className="button button-primary"
            autoFocus
            ref={copyButton}
            onCopied={() => setCopied(true)}
          />
        </div>
        <p className="muted small">Scripts send it in the Authorization header, for example:</p>
        <CurlExample operation={routes.whoami} />
        {asked && !copied ? (
          <div className="reveal-question" role="alert">
            <p className="strong">Copied your token? It will not be shown again.</p>
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

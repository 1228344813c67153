import { type ReactNode, useState } from 'react'
import { problemMessageOf } from '../lib/problems.ts'
import { Alert } from './Alert.tsx'
import { Dialog } from './Dialog.tsx'

interface ConfirmDialogProps {
  title: string
  /** Says what the action affects, by name. */
  children: ReactNode
  confirmLabel: string
  onConfirm: () => Promise<unknown>
  onClose: () => void
  onDone?: () => void
}

/** A destructive action behind a confirmation; the server's refusal is shown inside, in words. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  onConfirm,
  onClose,
  onDone,
}: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()

  async function confirm() {
    setBusy(true)
    setError(undefined)
    try {
      await onConfirm()
      onClose()
      onDone?.()
    } catch (caught) {
      setError(caught)
      setBusy(false)
    }
  }

  return (
    <Dialog title={title} onClose={onClose} busy={busy} tone="danger">
      <div className="confirm-text">{children}</div>
      {error ? <Alert>{problemMessageOf(error)}</Alert> : null}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} disabled={busy} data-autofocus>
          Cancel
        </button>
        <button type="button" className="button button-danger" onClick={confirm} disabled={busy}>
          {busy ? 'Working…' : confirmLabel}
        </button>
      </div>
    </Dialog>
  )
}

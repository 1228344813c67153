import { type ReactNode, useEffect, useId, useRef } from 'react'
import { Icon } from './Icon.tsx'

const focusableSelector =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

interface DialogProps {
  title: string
  description?: ReactNode
  onClose: () => void
  /** While true (a request in flight), Escape and the close button do nothing. */
  busy?: boolean
  tone?: 'default' | 'danger'
  children: ReactNode
}

/**
 * A modal on the native <dialog> (the page behind becomes inert); Tab cycles inside it, and focus
 * returns to whatever opened it when it unmounts. Render it to open it, unmount it to close it.
 */
export function Dialog({
  title,
  description,
  onClose,
  busy = false,
  tone = 'default',
  children,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const descriptionId = useId()
  const onCloseRef = useRef(onClose)
  onCloseRef.current = busy ? () => {} : onClose

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    dialog.showModal()
    const preferred = dialog.querySelector<HTMLElement>('[data-autofocus]')
    const first = dialog.querySelector<HTMLElement>(
      `form ${focusableSelector}, .dialog-body ${focusableSelector}`,
    )
    ;(preferred ?? first ?? dialog).focus()
    return () => {
      dialog.close()
      // The opener may be gone (the row of a deleted token, the empty state's button once a token
      // exists): fall back to the page's main action, else to the main region.
      if (opener?.isConnected) opener.focus()
      else
        (
          document.querySelector<HTMLElement>('.page-actions button') ??
          document.querySelector<HTMLElement>('main')
        )?.focus()
    }
  }, [])

  function handleKeyDown(event: React.KeyboardEvent<HTMLDialogElement>) {
    if (event.key !== 'Tab' || !ref.current) return
    const items = [...ref.current.querySelectorAll<HTMLElement>(focusableSelector)]
    const first = items[0]
    const last = items[items.length - 1]
    if (!first || !last) return
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault()
      first.focus()
    }
  }

  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${tone}`}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onCancel={(event) => {
        // Escape: we decide (and unmount) rather than letting the browser close it behind React.
        event.preventDefault()
        onCloseRef.current()
      }}
      onKeyDown={handleKeyDown}
    >
      <div className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button
          type="button"
          className="icon-button"
          aria-label="Close"
          onClick={() => onCloseRef.current()}
          disabled={busy}
        >
          <Icon name="x" />
        </button>
      </div>
      {description ? (
        <div id={descriptionId} className="dialog-description">
          {description}
        </div>
      ) : null}
      <div className="dialog-body">{children}</div>
    </dialog>
  )
}

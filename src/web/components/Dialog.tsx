import { type ReactNode, useId, useLayoutEffect, useRef } from 'react'
import { returnFocus, sameControlInNeighbourRow } from '../lib/returnFocus.ts'
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
 * returns to whatever opened it when it unmounts (see returnFocus). Render it to open it, unmount
 * it to close it; Escape and the × ask `onClose`, which may decline (e.g. to warn first).
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

  // A layout effect: the dialog is open (and focused) before the first paint, so one dialog
  // replacing another (a form, then its result) never shows a frame with neither.
  useLayoutEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    const neighbour = sameControlInNeighbourRow(opener)
    dialog.showModal()
    const preferred = dialog.querySelector<HTMLElement>('[data-autofocus]')
    const first = dialog.querySelector<HTMLElement>(
      `form ${focusableSelector}, .dialog-body ${focusableSelector}`,
    )
    ;(preferred ?? first ?? dialog).focus()
    return () => {
      dialog.close()
      returnFocus(opener, neighbour)
    }
  }, [])

  function handleKeyDown(event: React.KeyboardEvent<HTMLDialogElement>) {
    if (event.key === 'Escape') {
      // Handled here rather than by the browser's cancel: Chromium closes a dialog anyway on a
      // second Escape without a click in between, which would leave a declined close half done.
      event.preventDefault()
      onCloseRef.current()
      return
    }
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

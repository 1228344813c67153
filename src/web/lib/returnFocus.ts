/**
 * Where focus goes when a dialog closes: back to the control that opened it, and when that control
 * is removed with its row (the token, member or environment just deleted, now or once the list
 * reloads), to the same control in the next row, else the page's main action: never to <body>.
 */

const controlSelector = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled])'

/** The control in the row after (else before) `control`'s own row, at the same position. */
export function sameControlInNeighbourRow(control: HTMLElement | null): HTMLElement | null {
  const row = control?.closest('tr, li')
  if (!control || !row) return null
  const index = [...row.querySelectorAll<HTMLElement>(controlSelector)].indexOf(control)
  for (const neighbour of [row.nextElementSibling, row.previousElementSibling]) {
    const controls = neighbour ? [...neighbour.querySelectorAll<HTMLElement>(controlSelector)] : []
    const match = controls[index] ?? controls[controls.length - 1]
    if (match) return match
  }
  return null
}

function pageMainAction(): HTMLElement | null {
  return (
    document.querySelector<HTMLElement>('.page-actions button, .empty-state button') ??
    document.querySelector<HTMLElement>('main')
  )
}

export function returnFocus(opener: HTMLElement | null, neighbour: HTMLElement | null): void {
  const fallback = () => (neighbour?.isConnected ? neighbour : pageMainAction())?.focus()
  if (!opener?.isConnected) {
    fallback()
    return
  }
  opener.focus()
  // The list may drop the opener's row a moment later, once it reloads: follow it there.
  const observer = new MutationObserver(() => {
    if (opener.isConnected) return
    observer.disconnect()
    if (!document.activeElement || document.activeElement === document.body) fallback()
  })
  observer.observe(document.body, { childList: true, subtree: true })
  setTimeout(() => observer.disconnect(), 10_000)
}

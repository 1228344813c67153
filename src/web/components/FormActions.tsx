/**
 * The foot of every form dialog: Cancel, then the submit button, which says what it is doing while
 * the request is in flight. Both are disabled meanwhile; the submit button also while `blocked`
 * (nothing changed, nothing to choose from).
 */
export function FormActions({
  busy,
  onCancel,
  label,
  busyLabel,
  blocked = false,
}: {
  busy: boolean
  onCancel: () => void
  label: string
  busyLabel: string
  blocked?: boolean
}) {
  return (
    <div className="dialog-actions">
      <button type="button" className="button" onClick={onCancel} disabled={busy}>
        Cancel
      </button>
      <button type="submit" className="button button-primary" disabled={busy || blocked}>
        {busy ? busyLabel : label}
      </button>
    </div>
  )
}

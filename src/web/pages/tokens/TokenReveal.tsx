import type { ReactNode } from 'react'
import { routes } from '../../../contract/values.ts'
import { RevealOnceDialog } from '../../components/RevealOnceDialog.tsx'
import { CurlExample } from './CurlExample.tsx'

/** A new API token's value, shown once (see RevealOnceDialog), with how a script sends it. */
export function TokenRevealDialog({
  name,
  token,
  note,
  onClose,
}: {
  name: string
  token: string
  /** What else to know, e.g. after a rotation how long the old value still works. */
  note?: ReactNode
  onClose: () => void
}) {
  return (
    <RevealOnceDialog
      title="Copy your new API token"
      warning={
        <>
          Copy the token for <strong>{name}</strong> now. <strong>It will not be shown again</strong>:
          Gatehouse keeps only a fingerprint of it. If you lose it, delete it and create a new one.
        </>
      }
      value={token}
      valueLabel={`API token ${name}`}
      copyLabel="Copy token"
      what="token"
      onClose={onClose}
    >
      {note ? <p>{note}</p> : null}
      <p className="muted small">Scripts send it in the Authorization header, for example:</p>
      <CurlExample operation={routes.whoami} />
    </RevealOnceDialog>
  )
}

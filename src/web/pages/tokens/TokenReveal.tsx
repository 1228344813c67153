import { routes } from '../../../contract/values.ts'
import { Alert } from '../../components/Alert.tsx'
import { CopyButton } from '../../components/CopyButton.tsx'
import { CurlExample } from './CurlExample.tsx'

/** The show-once view: the value, a copy button, and a plain warning. */
export function TokenReveal({ name, token, onDone }: { name: string; token: string; onDone: () => void }) {
  return (
    <div className="token-reveal">
      <Alert tone="info">
        Copy the token for <strong>{name}</strong> now. <strong>It will not be shown again</strong>: Gatehouse
        keeps only a fingerprint of it. If you lose it, delete it and create a new one.
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
        />
        <CopyButton value={token} className="button button-primary" autoFocus />
      </div>
      <p className="muted small">Scripts send it in the Authorization header, for example:</p>
      <CurlExample operation={routes.whoami} />
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onDone}>
          I have copied it
        </button>
      </div>
    </div>
  )
}

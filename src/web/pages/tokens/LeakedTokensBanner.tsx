import type { OrganizationApiToken, Wire } from '../../../contract/index.ts'
import { Alert } from '../../components/Alert.tsx'
import { shortDateTime } from '../../lib/time.ts'

/**
 * Tokens whose value was reported found in public (secret scanning): already refused, but some
 * script still holds the value and will fail until it gets a new one. Shown above any filter.
 */
export function LeakedTokensBanner({
  tokens,
  onRotate,
}: {
  tokens: Wire<OrganizationApiToken>[]
  onRotate: (token: Wire<OrganizationApiToken>) => void
}) {
  if (tokens.length === 0) return null
  return (
    <Alert>
      <p className="strong">
        {tokens.length === 1
          ? 'A token was found in public and revoked'
          : `${tokens.length} tokens were found in public and revoked`}
      </p>
      <ul className="leak-list">
        {tokens.map((token) => (
          <li key={token.id}>
            <strong>{token.name}</strong>
            {token.leak ? (
              <>
                {' '}
                was reported on {shortDateTime(token.leak.reported_at)}
                {token.leak.url ? (
                  <>
                    {' '}
                    at <span className="mono leak-url">{token.leak.url}</span>
                  </>
                ) : null}
                {token.leak.source ? ` (${token.leak.source})` : null}.
              </>
            ) : (
              '.'
            )}{' '}
            Requests with it are refused.{' '}
            <button type="button" className="link-button" onClick={() => onRotate(token)}>
              Rotate {token.name}
            </button>{' '}
            to give it a new value, or delete it.
          </li>
        ))}
      </ul>
    </Alert>
  )
}

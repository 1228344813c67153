import type { RequestError } from '../api/client.ts'
import { Alert } from './Alert.tsx'

export function LoadError({ error, onRetry }: { error: RequestError; onRetry?: () => void }) {
  return (
    <Alert
      action={
        onRetry ? (
          <button type="button" className="button button-small" onClick={onRetry}>
            Try again
          </button>
        ) : undefined
      }
    >
      {error.message}
    </Alert>
  )
}

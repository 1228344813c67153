import type { Route } from '../../../contract/index.ts'
import { api } from '../../api/client.ts'

/** How a script calls an operation with a token; the token stays a placeholder (an environment variable). */
export function CurlExample({ operation, input = {} }: { operation: Route; input?: Record<string, string> }) {
  const url = new URL(api.urlOf(operation, input), window.location.origin)
  const command = `curl -H "Authorization: Token $GATEHOUSE_TOKEN" \\\n  ${url.href}`
  return (
    <pre className="code-block">
      <code>{command}</code>
    </pre>
  )
}

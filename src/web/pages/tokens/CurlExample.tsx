import type { Route } from '../../../contract/index.ts'
import { api } from '../../api/client.ts'

/** How a script calls an operation with a token; the token stays a placeholder (an environment variable). */
export function CurlExample({ operation, input = {} }: { operation: Route; input?: Record<string, string> }) {
  const url = new URL(api.urlOf(operation, input), window.location.origin)
  const command = `curl -H "Authorization: Token $GATEHOUSE_TOKEN" \\\n  ${url.href}`
  return (
    // A named region that takes focus: if it still scrolls (a narrow screen, a large font),
    // keyboards reach it.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus
    <section className="code-block" tabIndex={0} aria-label="Example: calling the API with curl">
      <pre>
        <code>{command}</code>
      </pre>
    </section>
  )
}

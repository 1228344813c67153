/** How a script uses a token; the token itself stays a placeholder (an environment variable). */
export function CurlExample({ path }: { path: string }) {
  const command = `curl -H "Authorization: Token $GATEHOUSE_TOKEN" \\\n  ${window.location.origin}/api${path}`
  return (
    <pre className="code-block">
      <code>{command}</code>
    </pre>
  )
}

/** How a script uses a token; the token itself is a placeholder (an environment variable). */
export function CurlExample({
  organizationId,
  token = '$GATEHOUSE_TOKEN',
}: {
  organizationId: string
  token?: string
}) {
  const command = `curl -H "Authorization: Token ${token}" \\\n  ${window.location.origin}/api/organization/${organizationId}`
  return (
    <pre className="code-block">
      <code>{command}</code>
    </pre>
  )
}

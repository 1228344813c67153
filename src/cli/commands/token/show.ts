import type { OrganizationApiToken, Wire } from '../../../contract/index.ts'
import { shortDate, stdout } from '../../output.ts'

/** A token's status as a person reads it: coloured on a terminal. */
export function statusWords(token: Pick<Wire<OrganizationApiToken>, 'status'>): string {
  switch (token.status) {
    case 'active':
      return stdout.style('green', 'active')
    case 'expiring_soon':
      return stdout.style('yellow', 'expiring soon')
    case 'expired':
      return stdout.style('dim', 'expired')
    case 'revoked_leaked':
      return stdout.style('red', 'LEAKED, revoked')
  }
}

export function lastUsedWords(token: Pick<Wire<OrganizationApiToken>, 'last_used_at'>): string {
  return token.last_used_at ? shortDate(token.last_used_at) : 'never'
}

/** Every detail of one token, a line each, for `token get` and after an edit. */
export function printToken(token: Wire<OrganizationApiToken>): void {
  const rows: Array<[string, string]> = [
    ['Name', token.name],
    ['Id', token.id],
    ['Status', statusWords(token)],
    ['Role', token.role_name],
    ['Description', token.description || '-'],
    ['Expires', token.expires_at ? shortDate(token.expires_at) : 'never'],
    ['Allowed from', token.allowed_cidrs.length > 0 ? token.allowed_cidrs.join(', ') : 'anywhere'],
    ['Last used', `${lastUsedWords(token)}${token.stale ? ' (stale: unused for 90 days)' : ''}`],
    ...token.last_used_from.map((use, index): [string, string] => [
      index === 0 ? 'Used from' : '',
      `${use.ip} (${shortDate(use.last_used_at)})`,
    ]),
    ['Created', `${shortDate(token.created_at)} by ${token.creator_name}`],
  ]
  if (token.rotated_at) rows.push(['Rotated', shortDate(token.rotated_at)])
  if (token.grace_period_ends_at) rows.push(['Old value works until', shortDate(token.grace_period_ends_at)])
  if (token.leak)
    rows.push([
      'Leaked',
      `reported ${shortDate(token.leak.reported_at)}${token.leak.url ? ` at ${token.leak.url}` : ''}${token.leak.source ? ` (${token.leak.source})` : ''}; rotate it to use it again`,
    ])
  const width = Math.max(...rows.map(([label]) => label.length))
  for (const [label, value] of rows) stdout.line(`${label.padEnd(width)}  ${value}`)
}

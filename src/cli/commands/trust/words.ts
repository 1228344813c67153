import type { OidcTrust, Wire } from '../../../contract/index.ts'
import { describeConditions } from '../../../contract/values.ts'

/** --issuer's short names. */
export const ISSUER_PRESETS: Record<string, string> = {
  github: 'https://token.actions.githubusercontent.com',
  gitlab: 'https://gitlab.com',
}

/** "jobs of acme/web on refs/heads/main get devops tokens for 15 min" */
export function describeTrust(
  trust: Pick<Wire<OidcTrust>, 'conditions' | 'role_name' | 'token_lifetime_seconds'>,
) {
  const minutes = trust.token_lifetime_seconds / 60
  const lifetime = Number.isInteger(minutes) ? `${minutes} min` : `${trust.token_lifetime_seconds} s`
  return `${describeConditions(trust.conditions)} get ${trust.role_name} tokens for ${lifetime}`
}

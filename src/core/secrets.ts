import { GatehouseError } from './errors.ts'
import { API_TOKEN_PREFIX, isWellFormedToken, SESSION_TOKEN_PREFIX, type TokenKind } from './token.ts'

const TOKEN_LENGTH = 41
const PREFIXES: Array<[string, TokenKind]> = [
  [API_TOKEN_PREFIX, 'api_token'],
  [SESSION_TOKEN_PREFIX, 'session'],
]
/** Enough for double and triple encoding; each round only ever shortens the text. */
const MAX_DECODING_ROUNDS = 4

/**
 * Free text is stored in clear and shown in lists and the audit trail: a Gatehouse secret pasted
 * into a name or a description would leak there. Such text is refused, field by field.
 *
 * A secret is found anywhere, glued to other characters (`TOKEN=gtok_…`, `_gtok_…`, `gtok_…x`)
 * or percent-encoded (`gtok%5F…`), but only when its checksum is valid: text merely mentioning
 * the prefixes is fine.
 */
export function refuseSecretsInText(fields: Record<string, string | undefined>): void {
  for (const [field, text] of Object.entries(fields)) {
    if (text !== undefined && containsSecret(text)) {
      throw new GatehouseError(
        'secret_in_text',
        `The ${field} contains what looks like a Gatehouse secret; never paste secrets there.`,
        { fieldErrors: [{ field: `body.${field}`, message: 'must not contain a Gatehouse token' }] },
      )
    }
  }
}

/** True when the text, as is or after percent-decoding (repeated), holds a checksum-valid token. */
export function containsSecret(text: string): boolean {
  let current = text
  for (let round = 0; round <= MAX_DECODING_ROUNDS; round++) {
    if (holdsToken(current)) return true
    // Most text has nothing percent-encoded: no regular expression run to find that out.
    if (!current.includes('%')) return false
    const decoded = decodePercentLeniently(current)
    if (decoded === current) return false
    current = decoded
  }
  return holdsToken(current)
}

/** A prefix (its underscore possibly percent-encoded) and enough of a body to be worth hiding. */
const TOKEN_SHAPED = /(gtok|gses)(?:_|%5[Ff])[0-9A-Za-z]{8,}/g
export const REDACTED = '[redacted]'

/**
 * Text we keep or log but did not choose (a request's path, a User-Agent) with anything
 * token-shaped hidden: a prefix and 8 or more characters after it becomes `gtok_[redacted]`,
 * checksum or not (a truncated or mistyped token is still most of a secret). Text that hides a
 * token some other way (percent-encoded letters) is replaced whole.
 */
export function redactSecrets(text: string): string {
  const redacted = text.replace(TOKEN_SHAPED, (_match, prefix: string) => `${prefix}_${REDACTED}`)
  return containsSecret(redacted) ? REDACTED : redacted
}

function holdsToken(text: string): boolean {
  for (const [prefix, kind] of PREFIXES) {
    for (let at = text.indexOf(prefix); at !== -1; at = text.indexOf(prefix, at + 1)) {
      if (isWellFormedToken(text.slice(at, at + TOKEN_LENGTH), kind)) return true
    }
  }
  return false
}

/**
 * Decodes `%XX` escapes of ASCII characters (all a token is made of) and leaves everything else,
 * malformed escapes included, as it is: never throws, unlike decodeURIComponent.
 */
function decodePercentLeniently(text: string): string {
  return text.replace(/%([0-7][0-9A-Fa-f])/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  )
}

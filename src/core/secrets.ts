import { GatehouseError } from './errors.ts'
import { API_TOKEN_PATTERN, SESSION_TOKEN_PATTERN } from './token.ts'

/**
 * Free text is stored in clear and shown in lists and the audit trail: a Gatehouse secret pasted
 * into a name or a description would leak there. Such text is refused, field by field.
 */
export function refuseSecretsInText(fields: Record<string, string | undefined>): void {
  for (const [field, text] of Object.entries(fields)) {
    if (text !== undefined && (API_TOKEN_PATTERN.test(text) || SESSION_TOKEN_PATTERN.test(text))) {
      throw new GatehouseError(
        'secret_in_text',
        `The ${field} contains what looks like a Gatehouse secret; never paste secrets there.`,
        { fieldErrors: [{ field: `body.${field}`, message: 'must not contain a Gatehouse token' }] },
      )
    }
  }
}

import { GatehouseError } from './errors.ts'

/**
 * Names are shown side by side in lists, the audit trail and confirmation prompts, and compared
 * for uniqueness: a name holding invisible or direction-changing characters could pass for
 * another one (`dep\u200bloy` beside `deploy`, a right-to-left override reversing what follows).
 * Controls (Cc), format characters (Cf: zero-width, bidirectional controls, BOM), private-use
 * characters (Co) and lone surrogates (Cs) are refused, and names are NFC-normalised, so that
 * `Cafe\u0301` and `Café` are one and the same name.
 */
const FORBIDDEN_IN_NAMES = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/u

/** Bidirectional embeddings, overrides and isolates: refused in descriptions too (newlines are fine there). */
const DIRECTION_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/u

/** The stored and compared form of a name (trimmed, NFC), or a 400 naming the field. */
export function normalizeName(field: string, value: string): string {
  if (FORBIDDEN_IN_NAMES.test(value)) {
    throw new GatehouseError(
      'invalid_input',
      `The ${field} contains invisible or direction-changing characters; type it with visible characters only.`,
      {
        fieldErrors: [
          { field: `body.${field}`, message: 'must not contain invisible or direction-changing characters' },
        ],
      },
    )
  }
  return value.normalize('NFC').trim()
}

/** Free text (descriptions) keeps its newlines but may not reorder what is displayed after it. */
export function refuseDirectionControls(fields: Record<string, string | undefined>): void {
  for (const [field, text] of Object.entries(fields)) {
    if (text !== undefined && DIRECTION_CONTROLS.test(text)) {
      throw new GatehouseError(
        'invalid_input',
        `The ${field} contains characters that change the text direction; remove them.`,
        {
          fieldErrors: [
            { field: `body.${field}`, message: 'must not contain direction-changing characters' },
          ],
        },
      )
    }
  }
}

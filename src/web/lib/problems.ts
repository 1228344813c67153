import { fieldName, GatehouseApiError } from '../../client/index.ts'
import type { ProblemReason } from '../../contract/index.ts'

/**
 * A refusal where a form shows it: beside the field it is about, else above the form. The console
 * branches on the problem's `reason`, never on its status: a name already taken belongs beside the
 * name, the conflicts a person can resolve get the console's own words, and anything else reads
 * the server's detail.
 */
export interface FormProblem {
  fields: Partial<Record<string, string>>
  general: string | undefined
}

type Wording = Partial<Record<ProblemReason, { field?: string; message: string }>>

const consoleWording: Wording = {
  invitation_pending: {
    field: 'email',
    message:
      'This email already has a pending invitation: copy its link from the list below, or withdraw it to invite again.',
  },
  email_taken: { field: 'email', message: 'A member of this organization already has this email.' },
  already_member: { message: 'You are already a member of this organization.' },
  ownership_transfer_required: {
    message: 'The owner cannot be demoted or removed: transfer ownership to another member first.',
  },
}

/** `wording` overrides the console's words where a form knows better (signing up: email_taken). */
export function formProblemOf(error: unknown, wording: Wording = {}): FormProblem {
  if (!error) return { fields: {}, general: undefined }
  if (error instanceof GatehouseApiError) {
    if (error.reason === 'name_taken') return { fields: { name: error.message }, general: undefined }
    const worded = wording[error.reason as ProblemReason] ?? consoleWording[error.reason as ProblemReason]
    if (worded?.field) return { fields: { [worded.field]: worded.message }, general: undefined }
    if (worded) return { fields: {}, general: worded.message }
    if (error.fieldErrors.length > 0) {
      const fields: Partial<Record<string, string>> = {}
      // An entry of a list (`allowed_cidrs[2]`) is shown beside the list's field; its message names the entry.
      for (const { field, message } of error.fieldErrors)
        fields[fieldName(field).replace(/\[\d+\]$/, '')] ??= message
      return { fields, general: undefined }
    }
  }
  return { fields: {}, general: error instanceof Error ? error.message : String(error) }
}

/** A refusal in one sentence, where there is no field to put it beside (a confirmation, a select). */
export function problemMessageOf(error: unknown): string {
  const { fields, general } = formProblemOf(error)
  return general ?? Object.values(fields).join(' ')
}

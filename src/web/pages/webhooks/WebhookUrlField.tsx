import { WEBHOOK_URL_MAX_LENGTH } from '../../../contract/values.ts'
import { Field } from '../../components/Field.tsx'

/** The receiver's address, as the Add and Edit dialogs ask for it. */
export function WebhookUrlField({
  value,
  onChange,
  error,
}: {
  value: string
  onChange: (url: string) => void
  error: string | undefined
}) {
  return (
    <Field
      label="URL"
      hint="An https:// address reachable from the internet (private addresses are refused)."
      error={error}
    >
      <input
        type="url"
        required
        maxLength={WEBHOOK_URL_MAX_LENGTH}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        spellCheck={false}
        data-autofocus
      />
    </Field>
  )
}

import { Field } from '../../components/Field.tsx'
import { shortDateTime } from '../../lib/time.ts'
import {
  customDateBounds,
  type ExpiryOption,
  type ExpiryValue,
  expiresAtOf,
  expiryOptions,
} from '../../lib/tokenLife.ts'

/**
 * When a token stops working: presets within the organization's limit, a custom date, or never.
 * `keep` (an edit, a rotation) is offered first with the current expiry in words. The hint says
 * the instant the choice means, so "30 days" is not a guess.
 */
export function ExpiryField({
  value,
  onChange,
  maxLifetimeDays,
  keep,
  error,
}: {
  value: ExpiryValue
  onChange: (value: ExpiryValue) => void
  maxLifetimeDays: number | null
  /** The label of "leave it as it is", when that is a choice. */
  keep?: string
  /** Shown beside the date when a custom date is chosen, else beside the choice. */
  error?: string | undefined
}) {
  const options: ExpiryOption[] = [
    ...(keep ? [{ value: 'keep' as const, label: keep }] : []),
    ...expiryOptions(maxLifetimeDays),
  ]
  const bounds = customDateBounds(maxLifetimeDays)
  const resulting = expiresAtOf(value)
  const limit =
    maxLifetimeDays === null
      ? ''
      : ` This organization's tokens must expire within ${maxLifetimeDays} day${maxLifetimeDays === 1 ? '' : 's'}.`
  const hint =
    resulting === undefined || resulting === 'no date'
      ? limit.trim() || undefined
      : resulting === null
        ? 'The token works until it is deleted.'
        : `The token stops working on ${shortDateTime(resulting)}.${limit}`
  return (
    <>
      <Field
        label="Expires"
        hint={value.choice === 'custom' ? undefined : hint}
        error={value.choice === 'custom' ? undefined : error}
      >
        <select
          value={value.choice}
          onChange={(e) => onChange({ ...value, choice: e.target.value as ExpiryValue['choice'] })}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </Field>
      {value.choice === 'custom' ? (
        <Field
          label="Expiry date"
          hint={`${hint ?? ''} It works through the day chosen.`.trim()}
          error={error}
        >
          <input
            type="date"
            value={value.date}
            min={bounds.min}
            max={bounds.max}
            onChange={(e) => onChange({ ...value, date: e.target.value })}
            required
          />
        </Field>
      ) : null}
    </>
  )
}

/** Where a token may be used from: addresses and CIDR ranges, one a line; blank for anywhere. */
export function AllowedAddressesField({
  value,
  onChange,
  error,
}: {
  value: string
  onChange: (value: string) => void
  error?: string | undefined
}) {
  return (
    <Field
      label="Allowed addresses"
      optional
      hint="IPv4 or IPv6 addresses or CIDR ranges, one a line, e.g. 203.0.113.0/24. Requests from anywhere else are refused. Blank: from anywhere."
      error={error}
    >
      <textarea
        rows={2}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        spellCheck={false}
        autoComplete="off"
        className="mono"
      />
    </Field>
  )
}
